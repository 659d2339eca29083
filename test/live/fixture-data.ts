// The fake Procore's records: one customer (Harbor Point) in the documented REST shapes, big enough to page.
import type { FakeData, FakeOptions } from './fake-procore.ts';

export const COMPANY_ID = '4820017';
export const CLIENT_ID = 'preflight-test-client-7f3a';
// Characters that JSON and URL encoding change, so every spelling of the secret is exercised.
export const CLIENT_SECRET = 'sEcr3t+/=&"quoted"\\back-9d41c2';

const user = (id: number, first: string, last: string, template: number | null, accountant: boolean) => ({
  id,
  first_name: first,
  last_name: last,
  name: `${first} ${last}`,
  email_address: `${first.toLowerCase()}.${last.toLowerCase()}@harborpoint.example.com`,
  erp_integrated_accountant: accountant,
  is_active: true,
  is_employee: true,
  job_title: 'Staff',
  company_permission_template: template === null ? null : { id: template, name: `Template ${template}`, project_specific: false, type: 'company_tools' },
});

export function harborPoint(): FakeData {
  return {
    companies: [
      { id: 1234, name: 'Some Other Company', is_active: true, my_company: false },
      { id: Number(COMPANY_ID), name: 'Harbor Point Builders, Inc.', is_active: true, my_company: true },
    ],
    offices: [
      { id: 1, name: 'Yard', country_code: 'US', main_office: false },
      { id: 2, name: 'Main Office', country_code: 'US', main_office: true },
    ],
    erpConnections: [{ id: 77, metadata: { settings: { labels: { name: 'Sage 300 CRE', id_name: 'Sage ID', short_name: 'Sage' } } } }],
    templates: [
      { id: 11, name: 'Company Admin', type: 'company_tools', user_access_levels: { directory: 3, erp_integrations: 3, admin: 3 } },
      { id: 12, name: 'Accounting', type: 'company_tools', user_access_levels: { directory: 1, erp_integrations: 2 } },
      { id: 13, name: 'Field', type: 'company_tools', user_access_levels: { directory: 1 } },
    ],
    // Out of id order on purpose: the snapshot must sort them.
    users: [
      user(73007, 'Ana', 'Lopez', 13, false),
      user(73001, 'Priya', 'Natarajan', 11, false),
      user(73002, 'Luis', 'Ortega', 12, true),
      user(73003, 'Mei', 'Chen', 13, false),
      user(73004, 'Tom', 'Berg', null, false),
      user(73005, 'Sara', 'Kim', 12, false),
      user(73006, 'Joe', 'Park', 13, false),
    ],
    vendors: [
      { id: 910202, name: 'Keystone Concrete & Masonry', origin_id: null, origin_code: null, is_active: true },
      { id: 910201, name: 'Bayside Electric LLC', origin_id: 'V-1042', origin_code: 'BAYELEC', is_active: true },
      { id: 910203, name: 'Atlas Steel', origin_id: 'V-2001', origin_code: 'ATLAS', is_active: true },
      { id: 910204, name: 'Coastal Glazing', origin_id: 'V-2002', origin_code: 'COASTGL', is_active: true },
    ],
    lineItemTypes: [
      { id: 3, name: 'Labor', code: 'L', base_type: 'other', origin_id: 'L' },
      { id: 4, name: 'Subcontract', code: 'S', base_type: 'commitment', origin_id: 'S' },
    ],
    projects: [
      { id: 5500102, name: 'Harbor Lofts', project_number: '24-031', origin_id: null, active: true },
      { id: 5500101, name: 'Pier 9 Medical Office Building', project_number: '24-017', origin_id: '24-017', active: true },
    ],
    workOrders: {
      '5500101': [
        { id: 880001, number: 'SC-001', title: 'Electrical', vendor: { id: 910201, name: 'Bayside Electric LLC' }, origin_id: 'SC-001', accounting_method: 'amount' },
        { id: 880002, number: 'SC-002', title: 'Concrete', vendor: { id: 910202, name: 'Keystone Concrete & Masonry' }, origin_id: null, accounting_method: 'unit' },
      ],
      '5500102': [{ id: 880003, number: 'SC-101', title: 'Steel', vendor: { id: 910203, name: 'Atlas Steel' }, origin_id: null, accounting_method: 'amount' }],
    },
    purchaseOrders: {
      '5500101': [{ id: 890001, number: 'PO-001', title: 'Glazing units', vendor: { id: 910204, name: 'Coastal Glazing' }, origin_id: 'PO-001', accounting_method: 'amount' }],
      '5500102': [],
    },
    subJobs: { '5500101': [{ id: 61, name: 'Core & Shell', code: '01', origin_id: '01' }], '5500102': [] },
    costCodes: {
      '5500101': [
        { id: 700002, full_code: '26-100', name: 'Electrical', origin_id: '26-100' },
        { id: 700001, full_code: '03-300', name: 'Cast-in-Place Concrete', origin_id: '03-300' },
      ],
      '5500102': [{ id: 700101, full_code: '05-100', name: 'Structural Steel', origin_id: null }],
    },
    requisitions: {
      '5500101': [
        requisition(301, 5500101, 880001, 910201, 'BE-1042', 'approved'),
        requisition(300, 5500101, 880002, 910202, 'KC-77', 'under_review'),
      ],
      '5500102': [requisition(310, 5500102, 880003, 910203, 'AS-9', 'approved')],
    },
  };
}

function requisition(id: number, projectId: number, commitmentId: number, vendorId: number, invoice: string, status: string) {
  return {
    id,
    project_id: projectId,
    commitment_id: commitmentId,
    vendor_id: vendorId,
    invoice_number: invoice,
    number: 1,
    billing_date: '2026-10-31',
    status,
    erp_status: 'not_ready',
    summary: { current_payment_due: '9000.00', total_retainage: '1000.00', new_materials: '0.00' },
    items: [{ id: id * 10, description_of_work: 'Work', cost_code_id: 700001, work_completed_this_period: '10000.00', work_completed_retainage_retained_this_period: '1000.00' }],
  };
}

export function fakeOptions(overrides: Partial<FakeOptions> = {}): FakeOptions {
  return { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, companyId: COMPANY_ID, data: harborPoint(), maxPerPage: 3, ...overrides };
}
