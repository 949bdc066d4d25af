// Schemas shared by every domain's routes.
import { Type } from 'typebox';

export const ErrorResponse = Type.Object(
  {
    code: Type.String({ description: 'A stable error code from the catalogue, e.g. NOT_FOUND' }),
    message: Type.String({ description: 'What went wrong and what to do, in English' }),
  },
  { title: 'ErrorResponse' },
);

/** Response schema entries for the errors any route may answer with. */
export const commonErrors = {
  400: ErrorResponse,
  500: ErrorResponse,
};
