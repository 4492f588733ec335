import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireOrganization } from "@/app/_lib/session";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { StatusBadge } from "@/components/status-badge";
import { getDb } from "@/db/runtime";
import { getDeviceByKey } from "@/lib/devices/queries";
import { formatDateTime } from "@/lib/format";
import { missingRequiredAttributes } from "@/lib/import/model";
import { getProductByKey } from "@/lib/products/queries";

type Props = { params: Promise<{ org: string; productKey: string; deviceKey: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).deviceKey) };
}

const None = () => <span className="none">Not set</span>;
const show = (value: unknown) => (value === null || value === undefined || value === "" ? <None /> : String(value));
const yesNo = (value: boolean | null) => (value === null ? <None /> : value ? "Yes" : "No");
const attributeValue = (value: unknown) => (typeof value === "boolean" ? yesNo(value) : show(value));

function Entries({ value }: { value: Record<string, unknown> }) {
  const entries = Object.entries(value);
  if (entries.length === 0) return <None />;
  return (
    <div className="chips">
      {entries.map(([key, v]) => (
        <span key={key} className="badge plain">
          {key}: {typeof v === "object" ? JSON.stringify(v) : String(v)}
        </span>
      ))}
    </div>
  );
}

export default async function DevicePage({ params }: Props) {
  const { org, productKey, deviceKey } = await params;
  const { organization } = await requireOrganization(org);
  const db = await getDb();
  const [found, productRow] = await Promise.all([
    getDeviceByKey({ db, organizationId: organization.id, deviceKey: decodeURIComponent(deviceKey) }),
    getProductByKey({ db, organizationId: organization.id, productKey: decodeURIComponent(productKey) }),
  ]);
  // The device must belong to the product of the URL as well as to the organization.
  if (!found || !productRow || found.product.id !== productRow.product.id) notFound();
  const { device, product, group, externalIds, sim, parentDeviceKey } = found;
  const model = productRow.model;
  const missing = missingRequiredAttributes(model.attributes, device.attributes);
  const productPath = `/o/${organization.slug}/products/${encodeURIComponent(product.productKey)}`;

  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <Breadcrumbs items={[{ label: "Products", href: `/o/${organization.slug}` }, { label: product.productKey, href: productPath }, { label: device.deviceKey }]} />
          <h1>{device.name}</h1>
          <p>
            <code>{device.deviceKey}</code> · {product.name}
          </p>
        </div>
        <div className="row">
          {missing.length > 0 && <span className="badge partial">Incomplete</span>}
          <StatusBadge status={device.status} />
        </div>
      </div>
      {missing.length > 0 && (
        <div className="alert warning" role="status" data-testid="incomplete">
          Incomplete: this device has no value for the required attribute{missing.length > 1 ? "s" : ""} {missing.join(", ")} of its model. It was created through a format that cannot carry them.
        </div>
      )}

      <div className="grid-2">
        <section className="card card-body" aria-labelledby="identity">
          <h2 id="identity">Identity</h2>
          <dl className="dl">
            <dt>Device key</dt>
            <dd className="mono">{device.deviceKey}</dd>
            <dt>Asset ID</dt>
            <dd className="mono">{device.assetId}</dd>
            <dt>Name</dt>
            <dd>{device.name}</dd>
            <dt>Localized names</dt>
            <dd>
              <Entries value={device.nameI18n} />
            </dd>
            <dt>Product</dt>
            <dd>
              <Link href={productPath}>{product.name}</Link> <code>{product.productKey}</code>
            </dd>
            <dt>Model</dt>
            <dd>{model.name}</dd>
            <dt>Time zone</dt>
            <dd>{device.timezone}</dd>
            <dt>Description</dt>
            <dd>{show(device.description)}</dd>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={device.status} />
            </dd>
            <dt>Device secret</dt>
            <dd>{device.secretEncrypted ? "Issued (shown once, at creation)" : <None />}</dd>
          </dl>
        </section>

        <section className="card card-body" aria-labelledby="attributes">
          <h2 id="attributes">Attributes</h2>
          <dl className="dl">
            {model.attributes.map((attribute) => (
              <div key={attribute.identifier} style={{ display: "contents" }}>
                <dt title={`${attribute.identifier} (${attribute.dataType}${attribute.required ? ", required" : ""})`}>{attribute.name}</dt>
                <dd>
                  {attributeValue(device.attributes[attribute.identifier])}
                  {attribute.unit && device.attributes[attribute.identifier] !== undefined && <span className="unit">{attribute.unit}</span>}
                </dd>
              </div>
            ))}
          </dl>
        </section>

        <section className="card card-body" aria-labelledby="connectivity">
          <h2 id="connectivity">Connectivity and hierarchy</h2>
          <dl className="dl">
            <dt>Type</dt>
            <dd>{show(device.type)}</dd>
            <dt>Serial number</dt>
            <dd>{show(device.serialNumber)}</dd>
            <dt>Location</dt>
            <dd>{show(device.location)}</dd>
            <dt>Heartbeat period</dt>
            <dd>{device.heartbeatPeriod ? `${device.heartbeatPeriod} s` : <None />}</dd>
            <dt>Heartbeat values</dt>
            <dd>{show(device.heartbeatValues)}</dd>
            <dt>Cell number</dt>
            <dd>{show(device.cellNumber)}</dd>
            <dt>Config ID</dt>
            <dd>{show(device.configId)}</dd>
            <dt>Integration ID</dt>
            <dd>{show(device.integrationId)}</dd>
            <dt>Cloud native integration</dt>
            <dd>{show(device.cloudIntegrationId)}</dd>
            <dt>Parent device</dt>
            <dd>{parentDeviceKey ? <code>{parentDeviceKey}</code> : <None />}</dd>
            <dt>Group</dt>
            <dd>{group ? group.path : <None />}</dd>
            <dt>Active</dt>
            <dd>{yesNo(device.active)}</dd>
            <dt>Enforce secure MQTT</dt>
            <dd>{yesNo(device.enforceSecureMqtt)}</dd>
          </dl>
        </section>

        <section className="card card-body" aria-labelledby="metadata">
          <h2 id="metadata">Tags, properties and identifiers</h2>
          <dl className="dl">
            <dt>Tags</dt>
            <dd>
              <Entries value={device.tags} />
            </dd>
            <dt>Labels</dt>
            <dd>{device.labels.length ? <div className="chips">{device.labels.map((l) => <span key={l} className="badge plain">{l}</span>)}</div> : <None />}</dd>
            <dt>Properties</dt>
            <dd>
              <Entries value={device.properties} />
            </dd>
            <dt>External IDs</dt>
            <dd>
              {externalIds.length ? (
                <div className="chips">
                  {externalIds.map((e) => (
                    <span key={e.id} className="badge plain">
                      {e.type}: {e.value}
                    </span>
                  ))}
                </div>
              ) : (
                <None />
              )}
            </dd>
            <dt>SIM</dt>
            <dd>
              {sim ? (
                <>
                  ICCID <code>{sim.iccid}</code>
                  {sim.msisdn && <> · MSISDN {sim.msisdn}</>}
                  {sim.communicationPlan && <> · {sim.communicationPlan}</>}
                  {sim.ratePlan && <> · {sim.ratePlan}</>}
                </>
              ) : (
                <None />
              )}
            </dd>
            <dt>Created</dt>
            <dd>{formatDateTime(device.createdAt)}</dd>
            <dt>Updated</dt>
            <dd>{formatDateTime(device.updatedAt)}</dd>
            <dt>Written by import</dt>
            <dd>
              {found.import ? (
                <Link href={`/o/${organization.slug}/imports/${found.import.id}`}>
                  {found.import.fileName ?? "API call"} ({formatDateTime(found.import.createdAt)})
                </Link>
              ) : (
                <span className="none">Created manually</span>
              )}
            </dd>
          </dl>
        </section>
      </div>
    </div>
  );
}
