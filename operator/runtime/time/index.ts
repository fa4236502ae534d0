export { systemClock, realDelay, sleep } from "./clock.ts";
export type { Clock, Delay } from "./clock.ts";
export { FakeClock, settle } from "./fake-clock.ts";
