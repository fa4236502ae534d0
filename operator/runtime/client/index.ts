export { RestClient, PatchType } from "./rest-client.ts";
export type { Query, RequestOptions } from "./rest-client.ts";
export { ResourceClient } from "./resource-client.ts";
export type { ObjectList } from "./resource-client.ts";
export {
  ApiError,
  hasStatusCode,
  isNotFound,
  isConflict,
  isAlreadyExists,
  isGone,
} from "./api-error.ts";
export type { StatusBody } from "./api-error.ts";
