/**
 * The generated service's build files: package.json, tsconfig.json, a multi-stage Dockerfile and
 * the ignore files. Plain text templates; the README and server.ts have their own files.
 */

/**
 * The TypeScript and @types/node the service builds with: the versions this repository builds
 * with (its package.json), pinned so that every build of the service is the same. A unit test
 * checks they still match.
 */
export const SERVICE_DEV_DEPENDENCIES = { '@types/node': '20.19.43', typescript: '5.9.3' } as const;

/** The Node.js major version of the Docker images and `engines` (the version this repository needs). */
export const SERVICE_NODE_MAJOR = 20;

/**
 * An npm package name for the service from the dataset name: lowercase letters, digits and
 * single dashes, at most 214 characters (npm's limits), ending in '-model-service'.
 */
export function servicePackageName(dataset: string): string {
  const base = dataset
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 180);
  return `${base || 'model'}-model-service`;
}

export function packageJson(name: string, description: string): string {
  const manifest = {
    name,
    version: '1.0.0',
    private: true,
    description,
    main: 'dist/server.js',
    scripts: { build: 'tsc -p .', start: 'node dist/server.js' },
    engines: { node: `>=${SERVICE_NODE_MAJOR}` },
    devDependencies: SERVICE_DEV_DEPENDENCIES,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export function tsconfigJson(): string {
  const config = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      // node16 with no "type": "module" in package.json: CommonJS output, Node's resolution rules.
      module: 'node16',
      rootDir: 'src',
      outDir: 'dist',
      types: ['node'],
      strict: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noImplicitReturns: true,
      noFallthroughCasesInSwitch: true,
      skipLibCheck: true,
      sourceMap: true,
    },
    include: ['src'],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * Build stage: install the dev dependencies (npm ci when a lock file exists) and compile. Runtime
 * stage: the compiled JavaScript and package.json only (the service has no runtime dependencies),
 * the config file, plus the monitoring reference when the project has one, run as the
 * unprivileged `node` user, with a health check through /health. The prediction log's folder
 * belongs to `node` (the rest of /app to root) and is a volume, so the log outlives the container.
 */
export function dockerfile(port: number, options: { readonly reference?: boolean } = {}): string {
  return `# syntax=docker/dockerfile:1
FROM node:${SERVICE_NODE_MAJOR}-slim AS build
WORKDIR /app
COPY package.json package-lock.json* ./
RUN if [ -f package-lock.json ]; then npm ci; else npm install; fi
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

FROM node:${SERVICE_NODE_MAJOR}-slim
ENV NODE_ENV=production PORT=${port} HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/dist ./dist
COPY service.config.json ./
${options.reference ? 'COPY reference.json ./\n' : ''}RUN mkdir -p logs && chown node:node logs
VOLUME ["/app/logs"]
USER node
EXPOSE ${port}
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \\
  CMD node -e "fetch('http://127.0.0.1:' + process.env.PORT + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/server.js"]
`;
}

export function dockerignore(): string {
  return ['node_modules', 'dist', 'logs', 'npm-debug.log*', '.git', 'Dockerfile', '.dockerignore', ''].join('\n');
}

export function gitignore(): string {
  return ['node_modules/', 'dist/', 'logs/', ''].join('\n');
}
