// The `health` domain: GET /api/health and GET /api/hub.
export { default } from './routes.ts';
