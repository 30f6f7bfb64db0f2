export * from './comments.service.js';
export * from './comments.module.js';
export * from './dto/comment.dto.js';
