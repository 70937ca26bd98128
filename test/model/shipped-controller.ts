// The CompositeController as shipped, with every component, rendered by kubectl kustomize: the model runs the
// update strategies we ship.
import { execFileSync } from "node:child_process";
import { parseAllDocuments } from "yaml";
import type { Json } from "../support/fixtures.js";
import { repoPath } from "../support/samples.js";

export const shippedController = (() => {
  const rendered = execFileSync("kubectl", ["kustomize", repoPath("metacontroller/overlays/full")], { encoding: "utf8" });
  return parseAllDocuments(rendered)
    .map((doc) => doc.toJS() as Json)
    .find((object) => object?.kind === "CompositeController") as Json;
})();
