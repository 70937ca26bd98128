#!/usr/bin/env node
// couponkill: the operator's command line (crd).
import { crdYaml } from "./api/crd.js";

const [command] = process.argv.slice(2);
switch (command) {
  case "crd":
    process.stdout.write(crdYaml());
    break;
  default:
    process.stderr.write("usage: couponkill crd\n");
    process.exitCode = 2;
}
