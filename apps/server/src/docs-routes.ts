import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { AppDeps } from "@outbound/api";
import type { Hono } from "hono";
import type { OpenAPIObject } from "trpc-to-openapi";
import { buildOpenApiDocument } from "./openapi-document.js";
import type { AppEnv } from "./request-context.js";

const swaggerUiDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

/** The only files /docs/assets serves: Swagger UI from npm (no CDN: the page renders offline) and its start script. */
const ASSETS: Record<string, { type: string; body: () => string }> = {
  "swagger-ui.css": {
    type: "text/css; charset=utf-8",
    body: () => readFileSync(join(swaggerUiDir, "swagger-ui.css"), "utf8"),
  },
  "swagger-ui-bundle.js": {
    type: "text/javascript; charset=utf-8",
    body: () => readFileSync(join(swaggerUiDir, "swagger-ui-bundle.js"), "utf8"),
  },
  // Swagger UI's online validator is off: the page sends nothing anywhere but this server.
  "start.js": {
    type: "text/javascript; charset=utf-8",
    body: () =>
      'window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#docs", validatorUrl: null, deepLinking: true });\n',
  },
};

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Outbound REST API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<noscript>The machine-readable reference is at <a href="/openapi.json">/openapi.json</a>.</noscript>
<div id="docs"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/start.js"></script>
</body>
</html>
`;

/** `GET /openapi.json` (built once, on first ask) and `GET /docs`, a reference page rendered from it. */
export function mountDocs(app: Hono<AppEnv>, deps: AppDeps): void {
  let document: OpenAPIObject | null = null;
  app.get("/openapi.json", (c) => {
    document ??= buildOpenApiDocument(deps.publicUrl);
    return c.json(document);
  });
  app.get("/docs", (c) => c.html(DOCS_PAGE));
  const loaded = new Map<string, string>();
  app.get("/docs/assets/:file", (c) => {
    const name = c.req.param("file");
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) return c.json({ error: { code: "NOT_FOUND", message: `No asset ${name}` } }, 404);
    const body = loaded.get(name) ?? asset.body();
    loaded.set(name, body);
    return c.body(body, 200, { "content-type": asset.type, "cache-control": "public, max-age=3600" });
  });
}
