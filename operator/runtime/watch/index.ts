export { Informer } from "./informer.ts";
export type { InformerHandler, InformerOptions, InformerStats } from "./informer.ts";
export { Store } from "./store.ts";
export type { StoreEntry } from "./store.ts";
export { Backoff } from "./backoff.ts";
export { StalledWatchError } from "./watchdog.ts";
export type { Selection, WatchEvent, WatchEventType } from "./list-watch.ts";
