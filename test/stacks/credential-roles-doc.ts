// The credential-roles table of docs/pipeline.md, rendered from constructs/github/credential-roles.ts.
// test/stacks/credential-roles.test.ts compares; to rewrite the table after changing the data:
//   npx tsx test/stacks/credential-roles-doc.ts
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CREDENTIAL_ROLES_END,
  CREDENTIAL_ROLES_START,
  renderCallCredentialRoles,
  renderCredentialRoles,
} from "../../constructs/github/credential-roles";

export const DOC_PATH = join(__dirname, "..", "..", "docs", "pipeline.md");

/** The table block as docs/pipeline.md holds it (between the markers), or undefined without markers. */
export function documentedBlock(text = readFileSync(DOC_PATH, "utf8")): string | undefined {
  const start = text.indexOf(CREDENTIAL_ROLES_START);
  const end = text.indexOf(CREDENTIAL_ROLES_END);
  return start === -1 || end < start ? undefined : text.slice(start, end);
}

export function expectedBlock(): string {
  return (
    `${CREDENTIAL_ROLES_START}\n\n${renderCredentialRoles()}\n\n` +
    `Calls outside Terraform (the pipeline's and the operators' commands):\n\n${renderCallCredentialRoles()}\n\n`
  );
}

/** A Markdown table's rows as trimmed cells, whatever padding Prettier gave the columns. */
export function tableRows(block: string): string[][] {
  return block
    .split("\n")
    .filter((line) => line.startsWith("|") && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

if (process.argv[1]?.endsWith("credential-roles-doc.ts")) {
  const text = readFileSync(DOC_PATH, "utf8");
  const current = documentedBlock(text);
  if (current === undefined) {
    console.error(
      `docs/pipeline.md: markers ${CREDENTIAL_ROLES_START} … ${CREDENTIAL_ROLES_END} missing; add them where the table belongs`,
    );
    process.exit(1);
  }
  writeFileSync(DOC_PATH, text.replace(current, expectedBlock()));
  execFileSync("npx", ["prettier", "--write", DOC_PATH], { stdio: "inherit" });
  console.log("docs/pipeline.md: credential-roles table rewritten");
}
