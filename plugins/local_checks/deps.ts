/**
 * External packages of the local checks, at pinned versions. Imported lazily:
 * only a change that touches an OpenAPI YAML file loads the YAML parser.
 * @module
 */

export { parse as parseYaml } from "npm:yaml@2.9.1";
