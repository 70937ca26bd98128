// A hook response as a multi-document YAML stream of the children, ready for `kubectl diff -f -`, with the
// status as a leading comment (kubectl ignores it; people read it).
import { stringify } from "yaml";
import type { SyncResponse } from "../api/metacontroller.js";

/** Children share objects (labels, behavior); YAML aliases for them would only confuse a reader. */
const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false };

export function responseToYaml(response: SyncResponse): string {
  const statusComment = stringify({ status: response.status }, YAML_OPTIONS)
    .trimEnd()
    .split("\n")
    .map((line) => `# ${line}`)
    .join("\n");
  const documents = response.children.map((child) => `---\n${stringify(child, YAML_OPTIONS)}`);
  return `${statusComment}\n${documents.join("")}`;
}
