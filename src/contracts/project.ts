import { z } from 'zod';

export const projectSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Project' });

export type Project = z.infer<typeof projectSchema>;

export const createProjectRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().max(2000).default(''),
});

export const updateProjectRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  description: z.string().max(2000).optional(),
});
