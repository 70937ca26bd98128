// Starts the hook server from environment variables, with HTTPS and token files reloaded on change and a
// graceful shutdown on SIGTERM and SIGINT.
import type { ServerOptions as HttpsOptions, Server } from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import closeWithGrace from "close-with-grace";
import pino from "pino";
import { REDACTED_PATHS, buildApp, type Lifecycle } from "./app.js";
import { loadConfig } from "./config.js";
import { watchedFile, type WatchedFile } from "./watched-file.js";

export async function startServer(env: NodeJS.ProcessEnv): Promise<void> {
  const config = loadConfig(env);
  const logger = pino({ level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } });
  const watched: WatchedFile[] = [];
  const lifecycle: Lifecycle = { shuttingDown: false };

  const tokenFile = config.authTokenFile ? watchedFile(config.authTokenFile, config.fileWatchIntervalMs) : undefined;
  if (tokenFile) watched.push(tokenFile);

  let https: HttpsOptions | undefined;
  let reloadCertificate: (() => void) | undefined;
  if (config.tlsCertFile && config.tlsKeyFile) {
    const certFile = config.tlsCertFile;
    const keyFile = config.tlsKeyFile;
    const reload = () => reloadCertificate?.();
    const cert = watchedFile(certFile, config.fileWatchIntervalMs, reload);
    const key = watchedFile(keyFile, config.fileWatchIntervalMs, reload);
    const clientCa = config.tlsClientCaFile ? watchedFile(config.tlsClientCaFile, config.fileWatchIntervalMs, reload) : undefined;
    watched.push(cert, key, ...(clientCa ? [clientCa] : []));
    https = {
      cert: cert.current(),
      key: key.current(),
      ...(clientCa ? { ca: clientCa.current(), requestCert: true, rejectUnauthorized: false } : {}),
      minVersion: "TLSv1.2",
    };
    reloadCertificate = () => {
      try {
        (app.server as Server).setSecureContext({ ...https, cert: cert.current(), key: key.current(), ...(clientCa ? { ca: clientCa.current() } : {}) });
        logger.info({ certFile }, "TLS certificate reloaded");
      } catch (error) {
        logger.error({ err: error, certFile }, "TLS certificate reload failed; keeping the previous one");
      }
    };
  }

  const app = buildApp({
    loggerInstance: logger,
    bodyLimit: config.bodyLimit,
    requestTimeoutMs: config.requestTimeoutMs,
    lifecycle,
    ...(tokenFile ? { token: () => tokenFile.current().toString("utf8").trim() } : {}),
    ...(https ? { https, requireClientCertificate: Boolean(config.tlsClientCaFile) } : {}),
  });

  closeWithGrace({ delay: config.shutdownDelayMs + config.shutdownTimeoutMs, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, "shutting down after an error");
    else logger.info({ signal }, "shutting down");
    lifecycle.shuttingDown = true;
    await sleep(config.shutdownDelayMs);
    await app.close();
    for (const file of watched) file.stop();
  });

  await app.listen({ port: config.port, host: config.host });
}
