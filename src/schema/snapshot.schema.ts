// JSON Schema (draft-07) of a snapshot: one customer's Procore, hh2 and Sage facts at one moment.
// `x-collect` says how a person records a fact; not-evaluable findings and the survey quote it.

const idText = {
  type: 'string',
  minLength: 1,
  description: 'An id or code, always text: quote values such as "00123" so YAML keeps the leading zeros.',
};
const ID_KEYS = { pattern: '^[A-Za-z0-9_.:-]+$' };
const usage = (label: string, path: string) => ({
  enum: ['Not Used', 'Not Required', 'Required'],
  description: `Sage AP Settings → Invoice Settings → ${label}.`,
  enumDescriptions: ['The field is not used on AP invoices.', 'The field may be left blank.', 'Every AP invoice must have it.'],
  'x-collect': `In Sage 300 CRE open Accounts Payable → File → Company Settings → AP Settings → Invoice Settings and record ${label} (${path}).`,
});
const obj = (properties: Record<string, object>, extra: object = {}) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  ...extra,
});
const byId = (item: object, description: string) => ({
  type: 'object',
  description,
  propertyNames: ID_KEYS,
  additionalProperties: item,
});

const SOURCES = { enum: ['fixture', 'live', 'survey'] };

export const snapshotSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://preflight.example/schemas/snapshot.schema.json',
  title: 'preflight snapshot',
  description: "Facts about one customer's Procore, hh2 and Sage 300 CRE setup at one moment.",
  type: 'object',
  additionalProperties: false,
  required: ['meta'],
  properties: {
    meta: obj(
      {
        customer: { type: 'string', minLength: 1, description: 'Customer name as reports show it.' },
        captured_at: { type: 'string', format: 'date-time', description: 'When the facts were captured (ISO 8601, with zone).' },
        captured_by: { type: 'string', description: 'Who captured them.' },
        tool_version: { type: 'string', description: 'preflight version that wrote the snapshot.' },
        content_hash: { type: 'string', description: 'sha256 of the facts, written by `preflight snapshot`.' },
        sources: obj(
          { procore: SOURCES, hh2: SOURCES, sage: SOURCES, survey: SOURCES },
          { description: 'Where each section came from: a fixture file, the live API, or a site survey.' },
        ),
      },
      { required: ['customer', 'captured_at'] },
    ),
    procore: obj({
      company: obj({
        id: idText,
        name: { type: 'string' },
        country: {
          type: 'string',
          pattern: '^[A-Z]{2}$',
          'x-message': 'must be a two-letter ISO country code such as US or CA',
          description: 'Country of the company account (ISO 3166-1 alpha-2).',
          'x-collect': 'Procore company Admin tool → Company Information → Country.',
        },
        executiveSponsor: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { name: { type: 'string' }, email: { type: 'string' } },
          description: 'The Executive Sponsor under Account Information; null when none is listed.',
          'x-collect': "Procore company Admin tool → Account Information → Executive Sponsor (write null if the field is empty).",
          'x-survey': true,
        },
      }),
      erpIntegrations: obj({
        enabled: {
          type: 'boolean',
          description: 'The ERP Integrations tool is enabled on the company account.',
          'x-collect': 'Procore company tools list: is ERP Integrations present and enabled?',
        },
        erpSystem: {
          type: 'string',
          description: 'The ERP system the tool is configured for, e.g. "Sage 300 CRE".',
          'x-collect': 'Procore company ERP Integrations tool → Settings: the connected ERP system.',
        },
        taxCodesImported: {
          type: 'boolean',
          description: 'Sage 300 CRE tax codes / tax groups are imported into Procore through the ERP tool.',
          'x-collect': 'Ask the Procore Administrator whether the "Import Sage 300 CRE Tax Groups" feature is in use.',
          'x-survey': true,
        },
      }),
      users: {
        ...byId(
          obj({
            name: { type: 'string', description: 'Full name as the company Directory shows it.' },
            email: {
              type: 'string',
              description: "The user's e-mail address in the company Directory (Procore grants the export permission by it).",
              'x-collect': 'Procore company Directory → the user → General Information: copy the e-mail address exactly.',
            },
            isAdmin: {
              type: 'boolean',
              description: "Procore Administrator: 'Admin' on every company-level tool.",
              'x-collect': "Procore company Directory → the user → Permissions: true when the company Directory tool shows 'Admin' (that grants 'Admin' on every company tool).",
            },
            erpPermission: {
              enum: ['none', 'read_only', 'standard', 'admin'],
              description: 'Permission level on the company ERP Integrations tool.',
              'x-collect': 'Procore company Directory → the user → Permissions: the level shown for the ERP Integrations tool (none, read_only, standard or admin).',
            },
            erp_integrated_accountant: {
              type: 'boolean',
              description: 'Accounting approver ("Can push to accounting").',
              'x-collect': 'Procore company Directory → the user → Permissions: true when "Can push to accounting" is granted for the ERP Integrations tool.',
            },
          }),
          'Company users by Procore id.',
        ),
        'x-collect': 'List the company users from the Procore company Directory (or the company users API): Procore id, name, e-mail, Administrator or not, ERP Integrations permission and "Can push to accounting".',
      },
      vendors: byId(
        obj({
          name: { type: 'string' },
          origin_id: { type: ['string', 'null'] },
          origin_code: { type: ['string', 'null'], description: 'The Sage vendor id, when synced.' },
          synced_to_erp: { type: 'boolean' },
        }),
        'Vendors (company directory) by Procore id.',
      ),
      commitments: byId(
        obj({
          number: { type: 'string' },
          title: { type: 'string' },
          vendor_id: idText,
          project_id: idText,
          origin_id: { type: ['string', 'null'] },
          synced_to_erp: { type: 'boolean' },
          accounting_method: { enum: ['amount', 'unit'] },
        }),
        'Commitments (subcontracts and purchase orders) by Procore id.',
      ),
      projects: byId(
        obj({ name: { type: 'string' }, project_number: { type: 'string' }, origin_id: { type: ['string', 'null'] } }),
        'Projects by Procore id; project_number is the Sage job.',
      ),
      subJobs: byId(
        obj({ name: { type: 'string' }, code: { type: 'string' }, origin_id: { type: ['string', 'null'] } }),
        'Sub jobs by Procore id; code is the Sage extra.',
      ),
      costCodes: byId(
        obj({
          full_code: { type: 'string' },
          name: { type: 'string' },
          origin_id: { type: ['string', 'null'] },
          origin_code: { type: ['string', 'null'] },
        }),
        'Cost codes by Procore id.',
      ),
      costTypes: byId(
        obj({
          code: { type: 'string' },
          name: { type: 'string' },
          origin_id: { type: ['string', 'null'] },
          origin_code: { type: ['string', 'null'], description: 'The Sage category.' },
        }),
        'Cost types (line item types) by Procore id; they become Sage categories.',
      ),
    }),
    hh2: obj({
      client: obj({
        version: {
          type: 'string',
          description: 'hh2 sync client version, four parts such as 1.31.467.1200.',
          'x-collect': 'On the Sage server, open the hh2 Sync Client and record the version from its About box or title bar.',
        },
        lastUpdated: {
          type: 'string',
          format: 'date',
          description: 'Day the hh2 sync client was last updated on the Sage server (YYYY-MM-DD).',
          'x-collect':
            'On the Sage server, Control Panel → Programs and Features: record the Installed On date of the hh2 sync client (YYYY-MM-DD), the day its current version arrived; IT or hh2 support can confirm it. Procore suggests updating monthly, at least quarterly: antivirus can block the pushed updates.',
        },
      }),
      service: obj({
        runsAsLocalSystem: {
          type: 'boolean',
          description: 'The hh2 service logs on as the Windows Local System account, as the Sage services do.',
          'x-collect': 'On the Sage server open Services (services.msc) → the hh2 service → Log On: true when "Local System account" is selected.',
        },
        startupType: {
          enum: ['Automatic', 'Automatic (Delayed Start)', 'Manual', 'Disabled'],
          description: 'Startup type of the hh2 service.',
          'x-collect': 'On the Sage server open Services (services.msc) → the hh2 service → General → Startup type.',
        },
        restartRoutineKnown: {
          type: 'boolean',
          description:
            'The people who run the Sage server restart the hh2 service after Actian/Pervasive PSQL restarts (or ntdbsmgr64.exe, or the PSQL Monitor ending sessions) and stop it before backups.',
          'x-collect': 'Ask whoever restarts the Sage database engine and runs the backups whether they restart the hh2 service afterwards and stop it before each backup.',
        },
      }),
      advancedMappings: {
        type: 'object',
        description: 'hh2 Advanced Mappings: each AP entity and whether it is checked.',
        'x-survey-keys': 'hh2.requiredAdvancedMappings',
        additionalProperties: { type: 'boolean' },
        'x-collect':
          'On the Sage server: hh2 Sync Client → Connect → Local Connections → Mappings → Advanced Mappings; record each AP entity as true (checked) or false.',
      },
      platform: obj({
        dotNetFramework: {
          type: 'string',
          description: '.NET Framework version on the Sage server.',
          'x-collect': 'On the Sage server, record the installed .NET Framework version (e.g. 4.8).',
        },
        windowsServer: {
          type: 'string',
          description: 'Windows Server version of the Sage server (e.g. 2019).',
          'x-collect': 'On the Sage server: Settings → System → About, Windows edition; record the release year only, e.g. 2019 (or "2012 R2").',
        },
        outboundPortsOnly80And443: {
          type: 'boolean',
          description: 'The server reaches hh2 over outbound ports 80 and 443 only; nothing inbound is opened.',
          'x-collect': 'Ask IT whether outbound 80/443 is open for the server and no inbound rule was added.',
        },
        dedicatedSageUser: {
          type: 'boolean',
          description: 'hh2 uses a dedicated Sage user in the Application Admin and Security Admin groups.',
          'x-collect': 'In Sage Security Administration, check the hh2 user and its groups.',
        },
        antivirusExclusions: {
          type: 'boolean',
          description: "The Sage server's antivirus excludes what Sage recommends excluding for Sage 300 CRE (and lets hh2 updates through).",
          'x-collect': "Ask IT to compare the antivirus exclusions on the Sage server with Sage's recommended exclusions for Sage 300 CRE.",
        },
      }),
    }),
    sage: obj({
      version: {
        type: 'string',
        description: 'Sage 300 CRE version as Help → About shows it, such as 24.1 or 17.1.4.',
        'x-collect': 'In Sage 300 CRE Desktop open Help → About and record the version with every part it shows (24.1, 17.1.4); quote it ("24.1").',
      },
      ap: obj({
        invoiceSettings: obj({
          dateReceivedUsage: usage('Date Received Usage', 'sage.ap.invoiceSettings.dateReceivedUsage'),
          paymentDateUsage: usage('Payment Date Usage', 'sage.ap.invoiceSettings.paymentDateUsage'),
          discountUsage: { type: 'string' },
          miscDeductionUsage: { type: 'string' },
          taxUsage: { type: 'string' },
        }),
      }),
      apInvoices: {
        type: 'array',
        description: 'AP invoices already in Sage (vendor + invoice), so the export never sends one twice.',
        items: obj({ vendor: idText, invoice: idText, amount: { type: 'string' } }, { required: ['vendor', 'invoice'] }),
      },
    }),
    survey: obj({
      setupUser: obj({
        procoreUserId: {
          ...idText,
          description: 'Procore id of the person doing the setup.',
          'x-collect': 'Record the Procore user id of the person who will do the setup (Company Directory).',
        },
        hasHh2Credentials: {
          type: 'boolean',
          description: "The setup person can log in to the company's hh2 account.",
          'x-collect': 'Ask the setup person to log in to hh2 and confirm it works.',
        },
      }),
      featureRequest: obj({
        requestedBy: {
          ...idText,
          description: 'Procore id of who asked Procore to turn the feature on.',
          'x-collect': 'Record who sent (or will send) the request to Procore, by Procore user id.',
        },
        approverEmailsSent: {
          type: 'boolean',
          description: "The approvers' e-mail addresses were sent to Procore.",
          'x-collect': 'Ask the Executive Sponsor or Procore Administrator whether the approver list was e-mailed to Procore.',
        },
      }),
    }),
  },
} as const;
