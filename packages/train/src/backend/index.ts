export {
  BACKEND_REQUESTS,
  type BackendChoice,
  type BackendName,
  type BackendRequest,
  type SelectBackendOptions,
  activeBackend,
  selectBackend,
} from './select-backend.js';
