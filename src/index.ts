/**
 * streamcheck's public API: simulate cases on the reference model, check
 * traces (the model's or another implementation's), generate cases, and the
 * building blocks of each.
 */
export { simulateKinesis, type RunOutput, type SimulateOptions } from './run/simulateKinesis.ts';
export { runCampaign, type CampaignResult, type CampaignSpec, type Violation } from './run/campaign.ts';
export { kinesisSuite, runKinesisCase } from './run/kinesisSuite.ts';
export { simulateDynamoDb } from './run/simulateDynamoDb.ts';
export { dynamodbSuite, runDynamoDbCase } from './run/dynamodbSuite.ts';
export { kdaSuite } from './kda/suite.ts';
export { firehoseSuite } from './firehose/suite.ts';
export { checkRun, checkTrace, ESM_CHECKERS } from './check/index.ts';
export { explain } from './check/explain.ts';
export type { Finding, StoryStep } from './check/Finding.ts';
export { iteratorAges, maxIteratorAges, type IteratorAgeSample } from './trace/iteratorAge.ts';
export { loadCatalogue, type Evidence, type Rule } from './rules/RuleCatalogue.ts';
export type { Checker } from './check/Checker.ts';
export { classifyResponse, classifyResult, type Classification } from './esm/BatchResponse.ts';
export { validateEsmConfig, type EsmConfig, type EsmRequest } from './esm/EsmConfig.ts';
export { DEFAULT_MODEL_OPTIONS, type ModelOptions } from './esm/ModelOptions.ts';
export { MUTATIONS, type Mutation } from './esm/Mutation.ts';
export { caseArb, mappingArb, workloadArb, type GeneratedCase } from './workload/arbitraries.ts';
export type { KinesisCase, PutSpec, Workload } from './workload/Workload.ts';
export type { Behaviour, BehaviourRule } from './lambda/Behaviour.ts';
export type { TraceEvent } from './trace/TraceEvent.ts';
export { parseTrace } from './trace/readTrace.ts';
export { toJsonLines } from './trace/Trace.ts';
export type { Suite, CaseOutcome, CheckerInfo } from './suite/Suite.ts';
export { checkPoller, pollerCaseArb, type PollerCheckOptions, type PollerVerdict } from './conformance/checkPoller.ts';
export type { PollerFeatures } from './conformance/PollerFeatures.ts';
export { PollerFault, simulatePoller } from './conformance/simulatePoller.ts';
export type { InvokeOutcome, KinesisClientLike, KinesisRecord, PollerContext, PollerFactory, PollerUnderTest } from './conformance/PollerUnderTest.ts';
