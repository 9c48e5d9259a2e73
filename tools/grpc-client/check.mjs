// A gRPC client the mesh's code did not write: Node.js with @grpc/grpc-js, compiling the
// repository's protos (protos/ and third_party/googleapis) at run time. For every domain
// service it checks health by the service's full name, makes one call, and decodes the
// standard error details (google.rpc.Status in grpc-status-details-bin) of a refusal.
//
// Usage: node check.mjs '{"catalog":"127.0.0.1:5101", ...}'   (exit 0 when every check holds)
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const includeDirs = [join(root, 'protos'), join(root, 'third_party', 'googleapis'), join(dirname(fileURLToPath(import.meta.url)), 'protos')];
const addresses = JSON.parse(process.argv[2] ?? '{}');

const serviceProtos = readdirSync(join(root, 'protos', 'checkout'))
  .filter((name) => name !== 'bff' && name !== 'common')
  .map((name) => `checkout/${name}/v1/${name}.proto`);
const definition = protoLoader.loadSync([...serviceProtos, 'grpc/health/v1/health.proto'], {
  includeDirs, keepCase: false, longs: String, enums: String, defaults: true, oneofs: true,
});
const loaded = grpc.loadPackageDefinition(definition);

// The error model, read with plain protobufjs from the vendored google/rpc protos.
const errors = new protobuf.Root();
errors.resolvePath = (_, target) => includeDirs.map((dir) => join(dir, target)).find((path) => existsSync(path)) ?? target;
errors.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto']);
const Status = errors.lookupType('google.rpc.Status');

function details(error) {
  const [bytes] = error.metadata?.get('grpc-status-details-bin') ?? [];
  if (!bytes) return null;
  const status = Status.decode(bytes);
  const byType = {};
  for (const any of status.details) {
    // google.protobuf.Any comes from protobufjs's bundled definition, which keeps the proto's field names.
    const type = errors.lookupType((any.type_url ?? any.typeUrl).replace('type.googleapis.com/', ''));
    byType[type.fullName.slice(1)] = type.decode(any.value);
  }
  return { code: status.code, message: status.message, byType };
}

// One call per service: ok (answers), or refused with this code and ErrorInfo reason.
const calls = {
  catalog: { method: 'listProducts', request: { page: 1, pageSize: 1 } },
  inventory: { method: 'listWarehouses', request: {} },
  cart: { method: 'getCart', request: { customerId: 'CUST-NODE-CLIENT' } },
  checkout: { method: 'getSession', request: { sessionId: 'CHK-NODE-NOPE', customerId: 'CUST-NODE-CLIENT' }, refused: grpc.status.NOT_FOUND },
  order: { method: 'getOrder', request: { orderId: 'ORD-NODE-NOPE' }, refused: grpc.status.NOT_FOUND },
  payment: { method: 'getPayment', request: { orderId: 'ORD-NODE-NOPE' }, refused: grpc.status.NOT_FOUND },
  customer: { method: 'getCustomer', request: { customerId: 'CUST-12345' } },
  promotion: { method: 'getApplicablePromotions', request: { customerId: 'CUST-NODE-CLIENT' } },
  loyalty: { method: 'getCheckoutBenefits', request: { customerId: 'CUST-NODE-CLIENT' } },
  shipping: { method: 'getShipment', request: { orderId: 'ORD-NODE-NOPE' }, refused: grpc.status.NOT_FOUND },
  notification: { method: 'listNotifications', request: { customerId: 'CUST-NODE-CLIENT' } },
  analytics: { method: 'getOrderMetrics', request: {} },
};

const failures = [];
const check = (condition, what) => { console.log(`${condition ? 'ok  ' : 'FAIL'} ${what}`); if (!condition) failures.push(what); };
const unary = (client, method, request) => new Promise((resolve) => {
  client[method](request, { deadline: Date.now() + 10_000 }, (error, response) => resolve({ error, response }));
});

for (const [appId, { method, request, refused }] of Object.entries(calls)) {
  const address = addresses[appId];
  if (!address) { check(false, `${appId}: no address given`); continue; }
  const name = `${appId.charAt(0).toUpperCase()}${appId.slice(1)}Service`;
  const fullName = `checkout.${appId}.v1.${name}`;
  const Service = loaded.checkout[appId].v1[name];
  const client = new Service(address, grpc.credentials.createInsecure());
  const health = new loaded.grpc.health.v1.Health(address, grpc.credentials.createInsecure());

  const byName = await unary(health, 'check', { service: fullName });
  check(byName.response?.status === 'SERVING', `${appId}: health of ${fullName} is SERVING (${byName.error?.details ?? byName.response?.status})`);
  const unknown = await unary(health, 'check', { service: 'checkout.nothing.v1.NothingService' });
  check(unknown.error?.code === grpc.status.NOT_FOUND, `${appId}: health of an unknown service is NOT_FOUND`);

  const { error } = await unary(client, method, request);
  if (refused === undefined) {
    check(!error, `${appId}: ${method} answers (${error?.details ?? 'ok'})`);
  } else {
    const info = error && details(error)?.byType['google.rpc.ErrorInfo'];
    check(error?.code === refused && info?.domain === 'checkout.example.com' && info?.metadata?.service === appId && /^[A-Z_]+$/.test(info?.reason ?? ''),
      `${appId}: ${method} refuses with code ${error?.code} and ErrorInfo ${info ? `${info.reason}@${info.domain} from ${info.metadata?.service}` : 'missing'}`);
  }

  client.close();
  health.close();
}

// A bad field: ErrorInfo names the reason, BadRequest the field in its JSON spelling.
if (addresses.catalog) {
  const catalog = new loaded.checkout.catalog.v1.CatalogService(addresses.catalog, grpc.credentials.createInsecure());
  const { error } = await unary(catalog, 'listProducts', { page: 1, pageSize: 1000 });
  const decoded = error && details(error);
  const info = decoded?.byType['google.rpc.ErrorInfo'];
  const violation = decoded?.byType['google.rpc.BadRequest']?.fieldViolations?.[0];
  check(error?.code === grpc.status.INVALID_ARGUMENT && decoded?.code === grpc.status.INVALID_ARGUMENT, `catalog: pageSize 1000 is INVALID_ARGUMENT in the status and in its details`);
  check(info?.reason === 'INVALID_PAGE_SIZE', `catalog: ErrorInfo reason is ${info?.reason}`);
  check(violation?.field === 'pageSize' && violation?.description?.length > 0, `catalog: BadRequest names ${violation?.field}`);
  catalog.close();
}

console.log(failures.length === 0 ? 'every check held' : `${failures.length} checks failed`);
process.exit(failures.length === 0 ? 0 : 1);
