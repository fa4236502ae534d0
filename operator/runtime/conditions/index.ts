export {
  setCondition,
  findCondition,
  isConditionTrue,
  isConditionCurrent,
  removeCondition,
  conditionsEqual,
  formatTime,
} from "./condition.ts";
export type { Condition, ConditionInput, ConditionStatus } from "./condition.ts";
