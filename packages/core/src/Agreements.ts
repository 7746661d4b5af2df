/**
 * Agreements: drafts, validation (bilateral, observable, time-boxed),
 * acceptance into a valid agreement, wording checks and templates.
 *
 * @since 0.2.0
 */
export {
  /** @since 0.2.0 */
  AcceptedAgreementRecord as AcceptedRecord,
  /** @since 0.2.0 */
  AgreementCommitment as Commitment,
  /** @since 0.2.0 */
  type AgreementContext as Context,
  /** @since 0.2.0 */
  AgreementDraft as Draft,
  /** @since 0.2.0 */
  AgreementInvalid as Invalid,
  /** @since 0.2.0 */
  AgreementViolation as Violation,
  /** @since 0.2.0 */
  AgreementViolationCode as ViolationCode,
  /** @since 0.2.0 */
  ValidAgreement as Valid,
  /** @since 0.2.0 */
  acceptAgreement as accept,
  /** @since 0.2.0 */
  validateAgreement as validate,
  /** @since 0.2.0 */
  agreementReviewWindow as reviewWindow,
  /** @since 0.2.0 */
  defaultAgreementReviewDate as defaultReviewDate,
  /** @since 0.2.0 */
  agreementTimeboxDays as timeboxDays,
  /** @since 0.2.0 */
  type AgreementAnchor as Anchor,
  /** @since 0.2.0 */
  type AgreementAnchorKind as AnchorKind,
  /** @since 0.2.0 */
  findAgreementAnchors as findAnchors,
  /** @since 0.2.0 */
  findUnanchoredVagueWording,
  /** @since 0.2.0 */
  findVagueWording,
  /** @since 0.2.0 */
  isConcreteWording,
  /** @since 0.2.0 */
  vagueAgreementPhrases as vaguePhrases,
  /** @since 0.2.0 */
  type AgreementTemplate as Template,
  /** @since 0.2.0 */
  agreementTemplates as templates,
  /** @since 0.2.0 */
  allAgreementTemplates as allTemplates
} from "./agreements/index.ts"
