// Fixtures come from samples/: the files users apply are the files the tests read.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

export const repoPath = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

export const readText = (relative: string): string => readFileSync(repoPath(relative), "utf8");

export function readYamlDocuments(relative: string): Record<string, unknown>[] {
  return parseAllDocuments(readText(relative)).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${relative}: ${doc.errors[0]?.message}`);
    return doc.toJS() as Record<string, unknown>;
  });
}

export function readYaml<T = Record<string, unknown>>(relative: string): T {
  const [first] = readYamlDocuments(relative);
  if (!first) throw new Error(`${relative} has no YAML document`);
  return first as T;
}

export const clone = <T>(value: T): T => structuredClone(value);
