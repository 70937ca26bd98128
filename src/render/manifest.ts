// A hook response as a multi-document YAML stream of the children, ready for `kubectl diff -f -`, with the
// status as a leading comment (kubectl ignores it; people read it).
import { stringify } from "yaml";
import type { SyncResponse } from "../api/metacontroller.js";

export function responseToYaml(response: SyncResponse): string {
  const statusComment = stringify({ status: response.status }, { lineWidth: 0 })
    .trimEnd()
    .split("\n")
    .map((line) => `# ${line}`)
    .join("\n");
  const documents = response.children.map((child) => `---\n${stringify(child, { lineWidth: 0 })}`);
  return `${statusComment}\n${documents.join("")}`;
}
