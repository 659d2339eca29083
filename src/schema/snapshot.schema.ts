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

const source = (section: string) => ({
  enum: ['fixture', 'live', 'survey'],
  description: `Where the ${section} section came from.`,
  enumDescriptions: ['A file written by hand or by a test.', 'Read from the live API by `preflight snapshot --live`.', 'Recorded by a person in a site survey.'],
});
const originId = { type: ['string', 'null'], description: 'The id of the matching Sage record once synced through hh2; null when not synced.' };

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
          { procore: source('procore'), hh2: source('hh2'), sage: source('sage'), survey: source('survey') },
          { description: 'Where each section came from: a fixture file, the live API, or a site survey.' },
        ),
      },
      { required: ['customer', 'captured_at'], description: 'Who the facts are about, and when and how they were captured.' },
    ),
    procore: obj({
      company: obj({
        id: { ...idText, description: 'The Procore company id (text).' },
        name: { type: 'string', description: 'The company name in Procore.' },
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
          properties: {
            name: { type: 'string', description: "The Executive Sponsor's full name." },
            email: { type: 'string', description: "The Executive Sponsor's e-mail address." },
          },
          description: 'The Executive Sponsor under Account Information; null when none is listed.',
          'x-collect': "Procore company Admin tool → Account Information → Executive Sponsor (write null if the field is empty).",
          'x-survey': true,
        },
      }, { description: 'The Procore company account.' }),
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
      }, { description: "The company's ERP Integrations tool." }),
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
          }, { description: 'One company user, under their Procore id.' }),
          'Company users by Procore id.',
        ),
        'x-collect': 'List the company users from the Procore company Directory (or the company users API): Procore id, name, e-mail, Administrator or not, ERP Integrations permission and "Can push to accounting".',
      },
      vendors: byId(
        obj({
          name: { type: 'string', description: 'The vendor (company) name in the Procore directory.' },
          origin_id: originId,
          origin_code: { type: ['string', 'null'], description: 'The Sage vendor id, when synced.' },
          synced_to_erp: { type: 'boolean', description: 'true once the vendor is linked to its Sage vendor through hh2.' },
        }, { description: 'One vendor, under its Procore id.' }),
        'Vendors (company directory) by Procore id.',
      ),
      commitments: byId(
        obj({
          number: { type: 'string', description: 'The commitment number, e.g. SC-0042.' },
          title: { type: 'string', description: 'The commitment title.' },
          vendor_id: { ...idText, description: 'Procore id of the vendor the commitment is with.' },
          project_id: { ...idText, description: 'Procore id of the project the commitment belongs to.' },
          origin_id: originId,
          synced_to_erp: { type: 'boolean', description: 'true once the commitment is linked to its Sage commitment through hh2.' },
          accounting_method: {
            enum: ['amount', 'unit'],
            description: 'How the commitment is billed: by amount, or by quantity times unit price.',
            enumDescriptions: ['Lump-sum amounts per line.', 'Quantities at a unit price per line.'],
          },
        }, { description: 'One commitment, under its Procore id.' }),
        'Commitments (subcontracts and purchase orders) by Procore id.',
      ),
      projects: byId(
        obj(
          {
            name: { type: 'string', description: 'The project name.' },
            project_number: { type: 'string', description: 'The project number: the Sage job.' },
            origin_id: originId,
          },
          { description: 'One project, under its Procore id.' },
        ),
        'Projects by Procore id; project_number is the Sage job.',
      ),
      subJobs: byId(
        obj(
          {
            name: { type: 'string', description: 'The sub job name.' },
            code: { type: 'string', description: 'The sub job code: the Sage extra.' },
            origin_id: originId,
          },
          { description: 'One sub job, under its Procore id.' },
        ),
        'Sub jobs by Procore id; code is the Sage extra.',
      ),
      costCodes: byId(
        obj({
          full_code: { type: 'string', description: 'The full cost code, with its divisions, e.g. 03-300.' },
          name: { type: 'string', description: 'The cost code name.' },
          origin_id: originId,
          origin_code: { type: ['string', 'null'], description: 'The Sage cost code, when synced.' },
        }, { description: 'One cost code, under its Procore id.' }),
        'Cost codes by Procore id.',
      ),
      costTypes: byId(
        obj({
          code: { type: 'string', description: 'The cost type code, e.g. L for labour.' },
          name: { type: 'string', description: 'The cost type name.' },
          origin_id: originId,
          origin_code: { type: ['string', 'null'], description: 'The Sage category.' },
        }, { description: 'One cost type, under its Procore id.' }),
        'Cost types (line item types) by Procore id; they become Sage categories.',
      ),
    }, { description: 'Facts from Procore: the company, its ERP Integrations tool, users and reference data by Procore id.' }),
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
      }, { description: 'The hh2 Sync Client installed on the Sage server.' }),
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
      }, { description: 'The hh2 service on the Sage server: its account, startup type and restart routine.' }),
      advancedMappings: {
        type: 'object',
        description: 'hh2 Advanced Mappings: each AP entity and whether it is checked.',
        'x-survey-keys': 'hh2.requiredAdvancedMappings',
        additionalProperties: { type: 'boolean', description: 'This Advanced Mappings entity is checked in hh2.' },
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
      }, { description: 'The Sage server hh2 runs on: its software, network and Sage user.' }),
    }, { description: 'Facts from hh2, recorded on the Sage server (a site survey).' }),
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
          discountUsage: { type: 'string', description: 'Sage AP Settings → Invoice Settings → Discount Usage, as Sage shows it.' },
          miscDeductionUsage: { type: 'string', description: 'Sage AP Settings → Invoice Settings → Misc Deduction Usage, as Sage shows it.' },
          taxUsage: { type: 'string', description: 'Sage AP Settings → Invoice Settings → Tax Usage, as Sage shows it.' },
        }, { description: 'Sage AP Settings → Invoice Settings: which invoice fields Sage requires.' }),
      }, { description: 'Sage Accounts Payable.' }),
      apInvoices: {
        type: 'array',
        description: 'AP invoices already in Sage (vendor + invoice), so the export never sends one twice.',
        items: obj(
          {
            vendor: { ...idText, description: 'The Sage vendor id.' },
            invoice: { ...idText, description: 'The invoice number as Sage has it.' },
            amount: { type: 'string', description: 'The invoice amount as decimal text, for the record.' },
          },
          { required: ['vendor', 'invoice'], description: 'One AP invoice in Sage.' },
        ),
      },
    }, { description: 'Facts from Sage 300 CRE, recorded by its administrator (a site survey).' }),
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
      }, { description: 'The person who will set up the export.' }),
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
      }, { description: 'The request to Procore to turn the subcontractor invoice export on.' }),
    }, { description: 'Facts only the people involved can tell (a site survey).' }),
  },
} as const;
