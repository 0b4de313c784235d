# syntax=docker/dockerfile:1
# wiredesk: one image for the embedded CLI and (from the pipeline issue on) the queue workers.

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
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schemas ./schemas
COPY fixtures ./fixtures
# The node image's unprivileged user; nothing in /app is writable by it.
USER node
ENTRYPOINT ["node", "/app/dist/cli.js"]
CMD ["ingest", "/app/fixtures", "--out", "-"]
