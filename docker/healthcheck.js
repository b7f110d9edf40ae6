// Container HEALTHCHECK: GET /health/live on this process's own HTTP port.
// Nodes set HTTP_PORT, the gateway sets GATEWAY_PORT; HEALTH_URL overrides both.
const port = process.env.HTTP_PORT || process.env.GATEWAY_PORT || '8001';
const url = process.env.HEALTH_URL || `http://127.0.0.1:${port}/health/live`;
fetch(url, { signal: AbortSignal.timeout(2500) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
