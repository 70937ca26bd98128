# syntax=docker/dockerfile:1
# Build with dev dependencies; run one file on a distroless Node 24 LTS image, as a non-root user, with no shell.
# `npm run build` compiles with tsc and bundles the hook and its production dependencies with esbuild into
# dist/couponkill-hook.mjs: no node_modules at run time, and half the cold start of loading them file by file.
# Kubernetes probes check health (no HEALTHCHECK).

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM gcr.io/distroless/nodejs24-debian12:nonroot
WORKDIR /app
ENV NODE_ENV=production PORT=8080
COPY --from=build /app/dist/couponkill-hook.mjs ./
USER 65532:65532
EXPOSE 8080
CMD ["couponkill-hook.mjs"]
