import { createContext, useContext, type ReactElement, type ReactNode } from 'react';

/** The page's organization, and the others its server's token reaches: where Transfer may move a group. */
export interface Organizations {
  readonly org: string;
  readonly otherOrgs: readonly string[];
}

const OrganizationsContext = createContext<Organizations | undefined>(undefined);

/** Hands down the organizations from the dashboard's configuration; the value must be stable for memoized rows to stay still. */
export function OrganizationsProvider({ value, children }: { readonly value: Organizations; readonly children?: ReactNode }): ReactElement {
  return <OrganizationsContext.Provider value={value}>{children}</OrganizationsContext.Provider>;
}

export function useOrganizations(): Organizations {
  const organizations = useContext(OrganizationsContext);
  if (!organizations) throw new Error('useOrganizations() must be called below an <OrganizationsProvider>');
  return organizations;
}
