// A small history router: the route table is data (src/routes.ts), pages load
// lazily, and a reload of any client route works because the hub answers
// every non-API GET with index.html. A dedicated library would add weight for
// little: the app needs path params and links, nothing more.

export interface RouteDef {
  path: string;
  load: () => Promise<{ default: unknown }>;
  /** i18n key of the page title, announced to screen readers on navigation. */
  titleKey: string;
}

export interface Match {
  route: RouteDef;
  params: Record<string, string>;
}

export function matchRoute(routes: RouteDef[], pathname: string): Match | null {
  const parts = pathname.split('/').filter(Boolean);
  for (const route of routes) {
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((segment, i) => {
      const part = parts[i] ?? '';
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(part);
        return true;
      }
      return segment === part;
    });
    if (ok) return { route, params };
  }
  return null;
}

class Router {
  path = $state(typeof location === 'undefined' ? '/' : location.pathname);
  /** The query string, e.g. "?q=keyboard"; pages read their parameters from it. */
  search = $state(typeof location === 'undefined' ? '' : location.search);

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('popstate', () => {
        this.path = location.pathname;
        this.search = location.search;
      });
    }
  }

  get query(): URLSearchParams {
    return new URLSearchParams(this.search);
  }

  navigate(to: string, options: { replace?: boolean } = {}): void {
    if (to === location.pathname + location.search) return;
    if (options.replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    this.path = location.pathname;
    this.search = location.search;
  }
}

export const router = new Router();

/** Svelte action for <a href="/…">: same-origin plain clicks navigate in-app. */
export function link(node: HTMLAnchorElement) {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(node.href, location.href);
    if (url.origin !== location.origin || node.target) return;
    event.preventDefault();
    router.navigate(url.pathname + url.search);
  };
  node.addEventListener('click', onClick);
  return { destroy: () => node.removeEventListener('click', onClick) };
}
