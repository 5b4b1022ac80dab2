# The image of every ducha process (docker-compose.yml: api and worker). better-sqlite3 compiles
# from source here, which node:20-bookworm has the tools for.
FROM node:20-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY . .
RUN npx tsc -p tsconfig.build.json
CMD ["node", "dist/cli.js", "serve"]
