// An ajv-cli plugin (`ajv validate -c ./ajv-content-schema.js ...`), written to the peers'
// directory by `cargo xtask bench-peers`.
//
// Under draft 2020-12 `contentSchema` is an annotation: ajv records it and checks nothing, so
// `resultRetry`, `policyJson`, `busiPolicy`, `turns` and `policy` would pass whatever they
// hold. This plugin makes the keyword assert, as `isales-schema` does for the `jsonschema`
// crate: a string must parse as JSON, and the parsed document must match the sub-schema, whose
// `$ref`s resolve against the root schema's `$defs`. Non-strings are left to `type`.
"use strict";

module.exports = (ajv) => {
  ajv.removeKeyword("contentSchema");
  ajv.addKeyword({
    keyword: "contentSchema",
    schemaType: ["object", "boolean"],
    compile(subSchema, _parentSchema, context) {
      const root = context.schemaEnv.root.schema;
      const embedded = ajv.compile({ $defs: root.$defs, allOf: [subSchema] });
      return (data) => {
        if (typeof data !== "string") {
          return true;
        }
        let document;
        try {
          document = JSON.parse(data);
        } catch {
          return false;
        }
        return embedded(document);
      };
    },
  });
};
