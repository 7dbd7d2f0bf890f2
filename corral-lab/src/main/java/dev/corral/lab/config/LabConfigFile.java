package dev.corral.lab.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The top level of a lab config file: {@code defaults:} and {@code hosts:}. */
record LabConfigFile(
    @JsonProperty("defaults") HostEntry defaults, @JsonProperty("hosts") List<HostEntry> hosts) {}
