// Countries offered at setup: where the programme drives its trucks first
// (DESIGN.md), then neighbours. The API takes any ISO 3166-1 alpha-2 code.
export const COUNTRIES = ['KE', 'TZ', 'UG', 'ET', 'ZM', 'SN', 'CD', 'ZA', 'RW', 'BI', 'MW', 'MZ', 'CM', 'CI', 'ML', 'BF', 'NG', 'GH'] as const;
