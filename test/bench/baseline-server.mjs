// The benchmark's baseline: the least any sync hook must do. Reads the body, parses it as JSON, and writes a
// precomputed answer (the hook's own bytes for the benchmark's request).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const answer = readFileSync(process.env.ANSWER_FILE);

createServer((request, response) => {
  if (request.url === "/readyz") {
    response.end("ok");
    return;
  }
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    JSON.parse(Buffer.concat(chunks).toString("utf8"));
    response.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": answer.length });
    response.end(answer);
  });
}).listen(Number(process.env.PORT), "127.0.0.1");
