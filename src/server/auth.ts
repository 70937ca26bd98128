// Bearer-token authentication, as Metacontroller's webhook `authorization` setting sends it, compared in
// constant time so response timing reveals nothing about the token.
import { createHash, timingSafeEqual } from "node:crypto";
import type { TLSSocket } from "node:tls";
import type { FastifyReply, FastifyRequest } from "fastify";

const digest = (value: string | Buffer) => createHash("sha256").update(value).digest();

export function tokenMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected)) && expected.length > 0;
}

/** `token` returns the current token (it may rotate); undefined turns authentication off. */
export function bearerAuth(token: (() => string) | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!token) return;
    const header = request.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1] || !tokenMatches(match[1], token())) {
      reply.header("www-authenticate", 'Bearer realm="couponkill"');
      return reply.code(401).send({ error: "Unauthorized", message: "a valid Bearer token is required" });
    }
  };
}

/** With mutual TLS the handshake asks for a client certificate; the hook routes refuse callers without a valid one. */
export function clientCertificateRequired(required: boolean) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!required) return;
    if (!(request.raw.socket as TLSSocket).authorized) {
      return reply.code(401).send({ error: "Unauthorized", message: "a client certificate signed by the configured CA is required" });
    }
  };
}
