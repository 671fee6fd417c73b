import { QueryClient, QueryObserver } from '@tanstack/query-core';
import { fetchGroups, show, started } from './page.js';

started();
// What useQuery does on mount: an observer that fetches when it is subscribed.
const client = new QueryClient();
client.mount();
const observer = new QueryObserver(client, { queryKey: ['groups'], queryFn: fetchGroups });
observer.subscribe((result) => {
  if (result.data) show(result.data);
});
