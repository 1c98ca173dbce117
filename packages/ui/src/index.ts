/**
 * `@dsforge/ui`: the browser side of dsforge-generated Grafana datasource plugins, on
 * `@grafana/ui`. Config editor parts and `createConfigEditor`, the schema-driven
 * `createQueryEditor` with code-mode autocomplete, `ErrorDisplay` for the kit's errors, and
 * `SchemaDataSource`, the datasource class generated plugins subclass.
 * @module
 */
export type {
  ApiKeyPlacement,
  AuthType,
  DsforgeJsonData,
  DsforgeSecretKey,
  DsforgeSecureJsonData,
  FilterOperator,
  OperationSchema,
  ParamLocation,
  ParamSchema,
  ParamType,
  QueryEditorSchema,
  QueryFilter,
  SchemaQuery,
  SubjectTokenSource,
} from './types';

// Config editor
export {
  isSecretConfigured,
  withJsonData,
  withSecret,
  withSecretReset,
  type DsforgeConfigProps,
  type DsforgeSettings,
} from './config/options';
export { UrlField, urlProblem, type UrlFieldProps } from './config/UrlField';
export { SecretField, type SecretFieldProps } from './config/SecretField';
export { TextField, type TextFieldProps } from './config/TextField';
export { NumberField, type NumberFieldProps } from './config/NumberField';
export {
  AuthSection,
  AUTH_TYPES,
  AUTH_TYPE_INFO,
  withAuthType,
  type AuthSectionProps,
} from './config/AuthSection';
export { ApiKeyAuth } from './config/auth/ApiKeyAuth';
export { BasicAuth } from './config/auth/BasicAuth';
export { BearerAuth } from './config/auth/BearerAuth';
export { OAuth2ClientCredentialsAuth } from './config/auth/OAuth2ClientCredentialsAuth';
export { OAuth2TokenExchangeAuth } from './config/auth/OAuth2TokenExchangeAuth';
export { LoginAuth } from './config/auth/LoginAuth';
export { MtlsAuth } from './config/auth/MtlsAuth';
export { TlsOptions } from './config/auth/TlsOptions';
export { TimeoutsSection, type TimeoutsSectionProps } from './config/TimeoutsSection';
export { CacheSection } from './config/CacheSection';
export { LimitsSection } from './config/LimitsSection';
export { CustomHeadersSection } from './config/CustomHeadersSection';
export { headerNumbers, withHeaderAdded, withHeaderRemoved } from './config/customHeaders';
export { HealthDetails, type HealthDetailsProps } from './config/HealthDetails';
export { createConfigEditor, type ConfigEditorOptions } from './config/createConfigEditor';

// Query editor
export {
  createQueryEditor,
  defaultQuery,
  type QueryEditorOptions,
  type SchemaQueryEditorProps,
} from './query/createQueryEditor';
export { OperationPicker, type OperationPickerProps } from './query/OperationPicker';
export { ParamsForm, type ParamsFormProps } from './query/ParamsForm';
export { ParamInput, type ParamInputProps } from './query/ParamInput';
export { FilterBuilder, type FilterBuilderProps } from './query/FilterBuilder';
export { FILTER_OPERATORS } from './query/filterOperators';
export { ResultShaping, rootPathProblem, type ResultShapingProps, type Shaping } from './query/ResultShaping';
export { CodeMode, codeProblem, type CodeEditorKind, type CodeModeProps } from './query/CodeMode';
export { suggest, applySuggestion, type Suggestion, type SuggestionKind } from './query/suggest';
export { jsonContextAt, type JsonCursorContext } from './query/jsonContext';
export { registerSchemaCompletion, type MonacoLike, type MonacoModelLike } from './query/monacoCompletion';
export { applyRaw, parseRaw, queryToRaw, type RawParse, type RawQueryBody } from './query/rawQuery';
export { findOperation, isRunnable, paramProblem, validateParams, withOperation } from './query/schemaModel';

// Datasource
export { SchemaDataSource } from './datasource/SchemaDataSource';
export { interpolate } from './datasource/interpolate';
export { fieldValues, parseVariableQuery, type VariableQuery } from './datasource/variableQuery';

// Errors
export { ErrorDisplay, retryHint, type ErrorDisplayProps } from './errors/ErrorDisplay';
export {
  readDsforgeError,
  errorFromFrame,
  type DsforgeErrorInfo,
  type DsforgeErrorSource,
} from './errors/readDsforgeError';
export {
  CATEGORY_LABELS,
  DSFORGE_ERROR_CATEGORIES,
  categoryLabel,
  type DsforgeErrorCategory,
} from './errors/categories';
