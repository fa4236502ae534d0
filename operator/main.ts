/**
 * The operator's entry point: `node operator/main.ts --help` lists every flag.
 */
import { CommanderError } from "commander";
import { parseConfig } from "./config.ts";
import { buildOperator } from "./operator.ts";

function configOrExit() {
  try {
    return parseConfig(process.argv.slice(2));
  } catch (err) {
    // --help and --version end here with code 0; a bad flag has already been printed.
    if (err instanceof CommanderError) process.exit(err.exitCode);
    throw err;
  }
}

const operator = buildOperator(configOrExit());
operator.logger.info({ pid: process.pid }, "starting awspca-issuer");
try {
  await operator.start();
  operator.logger.info("stopped");
} catch (err) {
  operator.logger.error({ err }, "operator stopped with an error");
  process.exitCode = 1;
}
