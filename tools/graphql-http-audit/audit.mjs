// Run every graphql-http server audit against one URL and print the results as JSON lines.
// usage: node audit.mjs http://127.0.0.1:PORT/graphql
// Exit status: 0 when every audit is ok, 1 when any is a notice, warning or error.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}
let failed = 0;
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  const line = { id: result.id, name: result.name, status: result.status };
  if (result.status !== 'ok') {
    failed += 1;
    line.reason = result.reason;
    line.httpStatus = result.response?.status;
    line.contentType = result.response?.headers?.get('content-type');
    try { line.body = (await result.response.text()).slice(0, 300); } catch { /* already read */ }
  }
  console.log(JSON.stringify(line));
}
process.exit(failed ? 1 : 0);
