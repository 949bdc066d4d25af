// The central office's roles and what each may do: a table of its own, apart
// from the hub's (server/auth/capabilities.ts), because central staff are not
// hub people. Routes name a capability in `config.capability`; guard.ts checks it.

export const CENTRAL_ROLES = ['analyst', 'programme-manager', 'administrator'] as const;
export type CentralRole = (typeof CENTRAL_ROLES)[number];

export const CENTRAL_CAPABILITIES = {
  /** The fleet, a hub's page, impact figures and reports. */
  'central.read': ['analyst', 'programme-manager', 'administrator'],
  /** Put a hub's reporting views back (they are rebuilt on their own when missing). */
  'central.views.rebuild': ['programme-manager', 'administrator'],
  /** List, create and deactivate central staff accounts. */
  'central.staff.manage': ['administrator'],
  /** See the travelling (roaming) teacher and trainer accounts: named people, so not analysts. */
  'central.roaming-staff.read': ['programme-manager', 'administrator'],
  /** Disable a travelling staff account everywhere (as `darasa central disable-staff`). */
  'central.roaming-staff.disable': ['administrator'],
} as const satisfies Record<string, readonly CentralRole[]>;

export type CentralCapability = keyof typeof CENTRAL_CAPABILITIES;

export function centralCan(roles: readonly string[], capability: CentralCapability): boolean {
  const allowed: readonly string[] = CENTRAL_CAPABILITIES[capability];
  return roles.some((role) => allowed.includes(role));
}
