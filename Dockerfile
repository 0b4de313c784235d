# syntax=docker/dockerfile:1
# wiredesk: one image for the embedded CLI (`ingest`) and the queue workers (`worker --config FILE`).

# --- build: install everything, compile TypeScript, then drop dev dependencies ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts are skipped here because `prepare` builds, and the sources are not copied yet.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY scripts ./scripts
COPY schemas ./schemas
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime: compiled code, production dependencies, schemas and bundled fixtures only ---
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
# A worker holds several documents in flight; V8's young generation is sized to that working set
# (src/worker/node-options.ts says why, and the pipeline bench runs its workers the same way).
ENV NODE_OPTIONS="--max-semi-space-size=64"
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schemas ./schemas
COPY fixtures ./fixtures
COPY examples/config.yaml ./examples/config.yaml
# A drop-folder feed needs a directory the worker may write (claims, done/, error/).
RUN mkdir -p /var/lib/wiredesk/drop && chown -R node:node /var/lib/wiredesk
# The node image's unprivileged user (uid 1000); nothing in /app is writable by it.
USER node
# `wiredesk worker` serves /readyz on its http.listen address (8080 unless the config says
# otherwise; WIREDESK_HEALTH_URL follows a different one): the container is healthy when the
# worker is ready (Redis reachable, stage workers and sources running), not merely alive. For a
# one-shot `ingest` run the check is irrelevant: the container exits before the first probe.
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.WIREDESK_HEALTH_URL||'http://127.0.0.1:8080/readyz',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/app/dist/cli.js"]
# `docker run wiredesk` ingests the bundled fixtures; `docker run wiredesk worker --config FILE`
# runs the queue worker (compose.yaml does).
CMD ["ingest", "/app/fixtures", "--out", "-"]
