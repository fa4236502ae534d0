export { EventRecorder } from "./event-recorder.ts";
export type { EventRecorderOptions, EventInput, EventType, Regarding } from "./event-recorder.ts";
