package io.chatflow.app.config;

/** A setting's value as written, and where it was written. */
public record RawValue(String raw, Source source) {}
