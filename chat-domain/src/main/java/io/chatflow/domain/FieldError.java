package io.chatflow.domain;

/** One invalid value: which field, and what is wrong with it. */
public record FieldError(String field, String message) {}
