import { inject, provide, type InjectionKey } from 'vue';

/** The page's organization, and the others its server's token reaches: where Transfer may move a group. */
export interface Organizations {
  readonly org: string;
  readonly otherOrgs: readonly string[];
}

const ORGANIZATIONS_KEY: InjectionKey<Organizations> = Symbol('organizations');

/** Provides the organizations from the dashboard's configuration to this component's descendants. */
export function provideOrganizations(organizations: Organizations): void {
  provide(ORGANIZATIONS_KEY, organizations);
}

export function useOrganizations(): Organizations {
  const organizations = inject(ORGANIZATIONS_KEY, null);
  if (organizations === null) throw new Error('useOrganizations(): no organizations were provided; call provideOrganizations() in the root component');
  return organizations;
}
