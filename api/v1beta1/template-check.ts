import { fieldFailure } from "./field-error.ts";
import type { FieldResult } from "./field-error.ts";
import { TEMPLATE_NAMES, isTemplateName } from "./templates.ts";
import type { TemplateName } from "./templates.ts";

const ARN_PREFIX = /^arn:[^:]*:acm-pca:[^:]*:[^:]*:template\//;

/**
 * Checks that `name` is a documented template, suggesting the intended one when the name is
 * close (a template ARN, a missing `/V1`, or different letter case).
 *
 * @param name - the template name as the user wrote it.
 * @param field - the field's path, used in the error message.
 * @internal
 */
export function checkTemplateName(name: string, field: string): FieldResult<TemplateName> {
  if (isTemplateName(name)) return { ok: true, value: name };

  const quoted = `${field} ${JSON.stringify(name)}`;
  const suggestion = suggest(name);
  const hint = suggestion === undefined ? "" : `; did you mean "${suggestion}"?`;
  if (ARN_PREFIX.test(name)) {
    return fieldFailure(field, `${quoted} is a template ARN; give the template name only${hint}`);
  }
  return fieldFailure(
    field,
    `${quoted} is not an AWS Private CA template (such as EndEntityCertificate/V1; docs/api.md lists them all)${hint}`,
  );
}

function suggest(name: string): TemplateName | undefined {
  const bare = name.replace(ARN_PREFIX, "");
  const candidates = [bare, `${bare}/V1`].map((c) => c.toLowerCase());
  return TEMPLATE_NAMES.find((t) => candidates.includes(t.toLowerCase()));
}
