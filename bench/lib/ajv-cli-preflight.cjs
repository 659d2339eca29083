// ajv-cli plugin (-c): the annotation keywords and formats preflight's own ajv instance adds (src/schema/validate.ts), so both sides apply the same schema the same way.
module.exports = function preflightVocabulary(ajv) {
  ajv.addVocabulary(['markdownDescription', 'enumDescriptions', 'x-collect', 'x-message', 'x-survey', 'x-survey-keys', 'deprecationMessage']);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addFormat('date', /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
  ajv.addFormat('email', /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/);
  return ajv;
};
