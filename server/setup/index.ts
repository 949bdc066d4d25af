// The `setup` domain: first-run setup and the hub's settings.
export { default } from './routes.ts';
