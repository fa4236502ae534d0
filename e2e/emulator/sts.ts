/**
 * STS on the Query protocol: GetCallerIdentity, AssumeRole (ExternalId checks) and
 * AssumeRoleWithWebIdentity (token verified as IRSA needs), answering STS's XML.
 * @internal
 */
import type { Settings } from "./context.ts";
import type { Counters } from "./counters.ts";
import { AwsError } from "./errors.ts";
import type { AccessKey, Identities, RoleConfig } from "./identities.ts";
import { Input } from "./input.ts";
import { verifyWebIdentity, type WebIdentityClaims } from "./jwt.ts";

/** STS's XML namespace. */
export const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";

/** What an STS action needs. */
export interface StsContext {
  readonly identities: Identities;
  readonly settings: Settings;
  readonly counters: Counters;
  readonly requestId: string;
  now(): number;
}

/** Escapes XML text. */
export function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function el(name: string, value: string | number | undefined): string {
  return value === undefined ? "" : `<${name}>${xmlEscape(String(value))}</${name}>`;
}

function wrap(action: string, result: string, requestId: string): string {
  return (
    `<${action}Response xmlns="${STS_NS}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** Actions that are called without AWS credentials. */
export const UNSIGNED_ACTIONS: ReadonlySet<string> = new Set(["AssumeRoleWithWebIdentity"]);

function accessDenied(caller: string, action: string, role: string): AwsError {
  return new AwsError(
    "AccessDenied",
    `User: ${caller} is not authorized to perform: sts:${action} on resource: ${role}`,
    403,
  );
}

function readAssume(params: URLSearchParams, withExternalId: boolean): Input {
  const input = new Input(Object.fromEntries(params));
  input.str("RoleArn", { required: true, min: 20, max: 2048 });
  input.str("RoleSessionName", { required: true, min: 2, max: 64, pattern: /^[\w+=,.@-]*$/ });
  const duration = params.get("DurationSeconds");
  if (duration !== null && !/^\d+$/.test(duration)) {
    input.fail("DurationSeconds", `'${duration}'`, "Member must be a number");
  } else if (duration !== null) {
    const d = Number(duration);
    if (d < 900)
      input.fail(
        "DurationSeconds",
        `'${d}'`,
        "Member must have value greater than or equal to 900",
      );
    if (d > 43200)
      input.fail("DurationSeconds", `'${d}'`, "Member must have value less than or equal to 43200");
  }
  if (withExternalId) input.str("ExternalId", { min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/ });
  input.str("WebIdentityToken", { min: 4, max: 20000 });
  return input;
}

function sessionFor(
  ctx: StsContext,
  role: RoleConfig,
  params: URLSearchParams,
  chained: boolean,
): AccessKey {
  const requested = Number(params.get("DurationSeconds") ?? 3600);
  const max = chained ? 3600 : (role.maxSessionDurationSeconds ?? 3600);
  if (requested > max) {
    throw new AwsError(
      "ValidationError",
      "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    );
  }
  const seconds = ctx.settings.sessionDurationSeconds ?? requested;
  const session = String(params.get("RoleSessionName"));
  return ctx.identities.issueSession(role, session, ctx.now() + seconds * 1000);
}

function credentialsXml(key: AccessKey): string {
  const expiration = new Date(key.expiresAt ?? 0).toISOString().replace(/\.\d{3}Z$/, "Z");
  return (
    `<AssumedRoleUser>${el("AssumedRoleId", key.userId)}${el("Arn", key.principalArn)}</AssumedRoleUser>` +
    `<Credentials>${el("AccessKeyId", key.accessKeyId)}${el("SecretAccessKey", key.secretAccessKey)}` +
    `${el("SessionToken", key.sessionToken)}${el("Expiration", expiration)}</Credentials>`
  );
}

function assumeRole(ctx: StsContext, params: URLSearchParams, caller: AccessKey): string {
  const input = readAssume(params, true);
  input.done();
  const roleArn = String(params.get("RoleArn"));
  const role = ctx.identities.role(roleArn);
  const trusted = role?.trustedPrincipals?.includes(caller.principalArn) ?? true;
  const externalOk = role?.externalId === undefined || role.externalId === params.get("ExternalId");
  if (role === undefined || !trusted || !externalOk) {
    throw accessDenied(caller.principalArn, "AssumeRole", roleArn);
  }
  const session = sessionFor(ctx, role, params, caller.sessionToken !== undefined);
  ctx.counters.recordAssumption(roleArn);
  return wrap("AssumeRole", credentialsXml(session) + el("PackedPolicySize", 0), ctx.requestId);
}

function webIdentityAllowed(role: RoleConfig, claims: WebIdentityClaims): boolean {
  const issuerOk = role.trustedIssuers?.includes(claims.iss) ?? true;
  const subjectOk = role.allowedSubjects?.includes(claims.sub) ?? true;
  return issuerOk && subjectOk;
}

function assumeRoleWithWebIdentity(ctx: StsContext, params: URLSearchParams): string {
  const input = readAssume(params, false);
  if (params.get("WebIdentityToken") === null)
    input.fail("WebIdentityToken", "null", "Member must not be null");
  input.done();
  const claims = verifyWebIdentity(
    String(params.get("WebIdentityToken")),
    ctx.identities,
    ctx.now(),
  );
  const roleArn = String(params.get("RoleArn"));
  const role = ctx.identities.role(roleArn);
  if (role === undefined || !webIdentityAllowed(role, claims)) {
    throw new AwsError(
      "AccessDenied",
      "Not authorized to perform sts:AssumeRoleWithWebIdentity",
      403,
    );
  }
  const session = sessionFor(ctx, role, params, false);
  ctx.counters.recordAssumption(roleArn, claims.sub);
  const extra =
    el("SubjectFromWebIdentityToken", claims.sub) +
    el("Audience", claims.aud) +
    el("Provider", claims.iss);
  return wrap("AssumeRoleWithWebIdentity", credentialsXml(session) + extra, ctx.requestId);
}

function getCallerIdentity(ctx: StsContext, caller: AccessKey): string {
  const account = /^arn:[\w-]+:(?:iam|sts)::(\d+):/.exec(caller.principalArn)?.[1] ?? "";
  const result =
    el("Arn", caller.principalArn) + el("UserId", caller.userId) + el("Account", account);
  return wrap("GetCallerIdentity", result, ctx.requestId);
}

/** Runs one STS action; `caller` is undefined only for unsigned actions. */
export function handleSts(
  ctx: StsContext,
  params: URLSearchParams,
  caller: AccessKey | undefined,
): string {
  const action = params.get("Action") ?? "";
  if (params.get("Version") !== "2011-06-15") {
    throw new AwsError(
      "InvalidAction",
      `Could not find operation ${action} for version ${params.get("Version") ?? "NO_VERSION_SPECIFIED"}`,
    );
  }
  if (action === "AssumeRoleWithWebIdentity") return assumeRoleWithWebIdentity(ctx, params);
  if (caller === undefined)
    throw new AwsError(
      "MissingAuthenticationToken",
      "Request is missing Authentication Token",
      403,
    );
  if (action === "AssumeRole") return assumeRole(ctx, params, caller);
  if (action === "GetCallerIdentity") return getCallerIdentity(ctx, caller);
  throw new AwsError("InvalidAction", `Could not find operation ${action} for version 2011-06-15`);
}

/** STS's XML error document. */
export function stsErrorXml(err: AwsError, requestId: string): string {
  const code = err.code === "ValidationException" ? "ValidationError" : err.code;
  const type = err.status >= 500 ? "Receiver" : "Sender";
  return (
    `<ErrorResponse xmlns="${STS_NS}"><Error><Type>${type}</Type>${el("Code", code)}` +
    `${el("Message", err.message)}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
