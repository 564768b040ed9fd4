export {
  DEMO_PLAN_SLUG,
  DEMO_TENANT_NAME,
  DEMO_USER_EMAIL,
  type DemoTenantOptions,
  hasAnyTenant,
  seedDemoTenant,
} from "./demo-tenant.js";
export {
  PERMISSIONS,
  type PermissionName,
  PLAN_CATALOG,
  type PlanDefinition,
  STAFF_ROLES,
  type StaffRoleDefinition,
  seedReferenceData,
} from "./reference-data.js";
