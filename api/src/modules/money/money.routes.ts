import { createRoute, z } from "@hono/zod-openapi";
import { body, json, problems, router, ZUuid } from "../../lib/openapi.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import { adjustCharge, decideCharge, getCharge, listCharges, resolveDispute } from "./charges.service.ts";
import { getStatement, issueStatementsFor, listStatements, recordPayment } from "./statements.service.ts";
import { applyVoucher, getVoucher, listVouchers, registerVoucher } from "./vouchers.service.ts";
import { decideOrgApproval, listOrgApprovals } from "./org-approval.ts";
import { getOrganizationSettings, putMember, removeMember, setSpendingThreshold } from "./org-members.service.ts";
import { exportIncomeCsv, getIncome } from "./income.service.ts";
import { exportRedemptionPack, exportRedemptionPackZip, exportStatement, type ExportFile } from "./money.export.ts";
import {
  ZAdjustment,
  ZApplyVoucher,
  ZCharge,
  ZChargeList,
  ZChargeQuery,
  ZIncome,
  ZIncomeQuery,
  ZIssued,
  ZIssueStatements,
  ZOrganizationSettings,
  ZOrgApprovalList,
  ZOrgDecision,
  ZPayment,
  ZPutMember,
  ZReason,
  ZRegisterVoucher,
  ZResolveDispute,
  ZStatement,
  ZStatementList,
  ZStatementQuery,
  ZThreshold,
  ZVoucher,
  ZVoucherList,
} from "./money.schemas.ts";

const tags = ["money"];
const id = z.object({ id: ZUuid });
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const file = (contentType: string, description: string) => ({
  description,
  content: { [contentType]: { schema: z.string().openapi({ type: "string", format: "binary" }) } },
});
const download = ({
  body: content,
  contentType,
  filename,
}: ExportFile | { body: string; contentType: string; filename: string }) =>
  new Response(content, {
    status: 200,
    headers: {
      "content-type": contentType,
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });

/** Charges, confirmations and disputes, statements and payments, vouchers, the ORG_ADMIN's approvals, income. */
export const moneyRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/charges",
      operationId: "listCharges",
      tags,
      summary: "Charge lines of the caller's organizations and managed facilities, newest first",
      request: { query: ZChargeQuery },
      responses: { 200: json(ZChargeList), ...problems(400, 401) },
    }),
    async (c) => {
      const { cursor, limit, ...filter } = c.req.valid("query");
      return c.json(await listCharges({ db: c.var.db, actor: requireActor(c.var.actor), filter, cursor, limit }), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/charges/{id}",
      operationId: "getCharge",
      tags,
      summary: "One charge line with its history",
      request: { params: id },
      responses: { 200: json(ZCharge), ...problems(400, 401, 404) },
    }),
    async (c) =>
      c.json(
        await getCharge({ db: c.var.db, actor: requireActor(c.var.actor), chargeId: c.req.valid("param").id }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/charges/{id}/confirm",
      operationId: "confirmCharge",
      tags,
      summary: "The organization's administrator confirms a pending charge",
      request: { params: id },
      responses: { 200: json(ZCharge), ...problems(400, 401, 403, 404, 409, 412) },
    }),
    async (c) =>
      c.json(
        await decideCharge({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          chargeId: c.req.valid("param").id,
          decision: "confirm",
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/charges/{id}/dispute",
      operationId: "disputeCharge",
      tags,
      summary: "The organization's administrator disputes a pending charge, with a reason",
      request: { params: id, ...body(ZReason) },
      responses: { 200: json(ZCharge), ...problems(400, 401, 403, 404, 409, 412) },
    }),
    async (c) =>
      c.json(
        await decideCharge({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          chargeId: c.req.valid("param").id,
          decision: "dispute",
          reason: c.req.valid("json").reason,
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/charges/{id}/resolve",
      operationId: "resolveChargeDispute",
      tags,
      summary: "The facility's manager resolves a dispute by an adjustment line or by rejecting it",
      request: { params: id, ...body(ZResolveDispute) },
      responses: { 200: json(ZCharge), ...problems(400, 401, 403, 404, 409, 412) },
    }),
    async (c) =>
      c.json(
        await resolveDispute({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          chargeId: c.req.valid("param").id,
          ...c.req.valid("json"),
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/charges/{id}/adjustments",
      operationId: "adjustCharge",
      tags,
      summary: "The facility's manager corrects a charge with an adjustment line (reason and approver recorded)",
      request: { params: id, ...body(ZAdjustment) },
      responses: { 201: json(ZCharge, "The adjustment line"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await adjustCharge({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          chargeId: c.req.valid("param").id,
          ...c.req.valid("json"),
        }),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/statements",
      operationId: "listStatements",
      tags,
      summary: "Monthly statements of the caller's organizations and managed facilities",
      request: { query: ZStatementQuery },
      responses: { 200: json(ZStatementList), ...problems(400, 401) },
    }),
    async (c) => {
      const { cursor, limit, ...filter } = c.req.valid("query");
      return c.json(
        await listStatements({ db: c.var.db, actor: requireActor(c.var.actor), filter, cursor, limit }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/statements/issue",
      operationId: "issueStatements",
      tags,
      summary: "Issue the statements of an ended month for the caller's facilities (idempotent)",
      request: body(ZIssueStatements),
      responses: { 200: json(ZIssued), ...problems(400, 401, 403) },
    }),
    async (c) =>
      c.json(
        await issueStatementsFor({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          period: c.req.valid("json").period,
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/statements/{id}",
      operationId: "getStatement",
      tags,
      summary: "A statement with its lines grouped by resource, payments, vouchers and payment status",
      request: { params: id },
      responses: { 200: json(ZStatement), ...problems(400, 401, 404) },
    }),
    async (c) =>
      c.json(
        await getStatement({ db: c.var.db, actor: requireActor(c.var.actor), statementId: c.req.valid("param").id }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/statements/{id}/export.xlsx",
      operationId: "exportStatement",
      tags,
      summary: "A statement as an Excel workbook",
      request: { params: id },
      responses: { 200: file(XLSX, "XLSX file"), ...problems(400, 401, 404) },
    }),
    async (c) =>
      download(
        await exportStatement({ db: c.var.db, actor: requireActor(c.var.actor), statementId: c.req.valid("param").id }),
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/statements/{id}/payments",
      operationId: "recordPayment",
      tags,
      summary: "The operator records a payment against a statement",
      request: { params: id, ...body(ZPayment) },
      responses: { 201: json(ZStatement), ...problems(400, 401, 403, 404, 422) },
    }),
    async (c) =>
      c.json(
        await recordPayment({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          statementId: c.req.valid("param").id,
          payment: c.req.valid("json"),
        }),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/statements/{id}/vouchers",
      operationId: "applyVoucher",
      tags,
      summary: "The operator applies an innovation voucher to a statement, within its balance",
      request: { params: id, ...body(ZApplyVoucher) },
      responses: { 201: json(ZVoucher), ...problems(400, 401, 403, 404, 422) },
    }),
    async (c) =>
      c.json(
        await applyVoucher({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          statementId: c.req.valid("param").id,
          ...c.req.valid("json"),
        }),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/vouchers",
      operationId: "listVouchers",
      tags,
      summary: "Innovation vouchers (科技创新券) of the caller's organizations, with balances",
      responses: { 200: json(ZVoucherList), ...problems(401) },
    }),
    async (c) => c.json({ items: await listVouchers({ db: c.var.db, actor: requireActor(c.var.actor) }) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/vouchers",
      operationId: "registerVoucher",
      tags,
      summary: "The organization's administrator registers a voucher",
      request: body(ZRegisterVoucher),
      responses: { 201: json(ZVoucher), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) =>
      c.json(
        await registerVoucher({ db: c.var.db, actor: requireActor(c.var.actor), input: c.req.valid("json") }),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/vouchers/{id}",
      operationId: "getVoucher",
      tags,
      summary: "One voucher with its redemptions and balance",
      request: { params: id },
      responses: { 200: json(ZVoucher), ...problems(400, 401, 404) },
    }),
    async (c) =>
      c.json(
        await getVoucher({ db: c.var.db, actor: requireActor(c.var.actor), voucherId: c.req.valid("param").id }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/vouchers/{id}/pack.xlsx",
      operationId: "exportVoucherPack",
      tags,
      summary: "Redemption pack for the voucher office: charges paid, usage evidence, report references",
      request: { params: id },
      responses: { 200: file(XLSX, "XLSX file"), ...problems(400, 401, 404) },
    }),
    async (c) =>
      download(
        await exportRedemptionPack({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          voucherId: c.req.valid("param").id,
        }),
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/vouchers/{id}/pack.zip",
      operationId: "exportVoucherPackZip",
      tags,
      summary: "Redemption pack as a ZIP: the pack workbook, each statement paid, charges and reports' metadata",
      request: { params: id },
      responses: { 200: file("application/zip", "ZIP file"), ...problems(400, 401, 404) },
    }),
    async (c) =>
      download(
        await exportRedemptionPackZip({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          voucherId: c.req.valid("param").id,
        }),
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/org-approvals",
      operationId: "listOrgApprovals",
      tags,
      summary: "Requests above the spending threshold waiting for the caller's approval as ORG_ADMIN",
      responses: { 200: json(ZOrgApprovalList), ...problems(401) },
    }),
    async (c) => c.json({ items: await listOrgApprovals({ db: c.var.db, actor: requireActor(c.var.actor) }) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/org-approvals/{id}/approve",
      operationId: "approveForOrganization",
      tags,
      summary: "The ORG_ADMIN approves a member's request; the facility sees it from now on",
      request: { params: id },
      responses: { 200: json(ZOrgDecision), ...problems(400, 401, 403, 404, 409, 412) },
    }),
    async (c) =>
      c.json(
        await decideOrgApproval({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          bookingId: c.req.valid("param").id,
          decision: "approve",
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/org-approvals/{id}/reject",
      operationId: "rejectForOrganization",
      tags,
      summary: "The ORG_ADMIN rejects a member's request, with a reason",
      request: { params: id, ...body(ZReason) },
      responses: { 200: json(ZOrgDecision), ...problems(400, 401, 403, 404, 409, 412) },
    }),
    async (c) =>
      c.json(
        await decideOrgApproval({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          bookingId: c.req.valid("param").id,
          decision: "reject",
          reason: c.req.valid("json").reason,
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/organizations/{id}/settings",
      operationId: "getOrganizationSettings",
      tags,
      summary: "The organization's members and spending threshold (its ORG_ADMIN)",
      request: { params: id },
      responses: { 200: json(ZOrganizationSettings), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await getOrganizationSettings({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          organizationId: c.req.valid("param").id,
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/organizations/{id}/spending-threshold",
      operationId: "setSpendingThreshold",
      tags,
      summary: "Set (or clear with null) the quote above which a member's request needs the ORG_ADMIN",
      request: { params: id, ...body(ZThreshold) },
      responses: { 200: json(ZOrganizationSettings), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await setSpendingThreshold({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          organizationId: c.req.valid("param").id,
          thresholdFen: c.req.valid("json").spendingThresholdFen,
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/organizations/{id}/members",
      operationId: "putOrganizationMember",
      tags,
      summary: "Add an existing user to the organization or change a member's role",
      request: { params: id, ...body(ZPutMember) },
      responses: { 200: json(ZOrganizationSettings), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) =>
      c.json(
        await putMember({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          organizationId: c.req.valid("param").id,
          ...c.req.valid("json"),
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/organizations/{id}/members/{userId}",
      operationId: "removeOrganizationMember",
      tags,
      summary: "Remove a member from the organization",
      request: { params: z.object({ id: ZUuid, userId: ZUuid }) },
      responses: { 200: json(ZOrganizationSettings), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { id: organizationId, userId } = c.req.valid("param");
      return c.json(
        await removeMember({ db: c.var.db, actor: requireActor(c.var.actor), organizationId, userId }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/analytics/income",
      operationId: "getIncome",
      tags,
      summary: "Service income per facility, month and customer class (对外服务收入), vouchers and receivables",
      request: { query: ZIncomeQuery },
      responses: { 200: json(ZIncome), ...problems(400, 401, 403) },
    }),
    async (c) =>
      c.json(await getIncome({ db: c.var.db, actor: requireActor(c.var.actor), query: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/analytics/income.csv",
      operationId: "exportIncome",
      tags,
      summary: "The income report as CSV (UTF-8 with BOM)",
      request: { query: ZIncomeQuery },
      responses: { 200: file("text/csv", "CSV file"), ...problems(400, 401, 403) },
    }),
    async (c) =>
      download(await exportIncomeCsv({ db: c.var.db, actor: requireActor(c.var.actor), query: c.req.valid("query") })),
  );
