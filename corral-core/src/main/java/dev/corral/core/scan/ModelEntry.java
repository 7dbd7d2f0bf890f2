package dev.corral.core.scan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One model an exposed server lists in {@code /api/tags}, reduced to what studies tabulate.
 *
 * @param name e.g. {@code llama3.2:latest}
 * @param family e.g. {@code llama}
 * @param parameterSize e.g. {@code 3.2B}
 * @param quantization e.g. {@code Q4_K_M}
 * @param size bytes on disk
 * @param capabilities from {@code /api/tags} (v0.30+) or {@code /api/show} with {@code --deep}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelEntry(
    @JsonProperty("name") String name,
    @JsonProperty("family") String family,
    @JsonProperty("parameter_size") String parameterSize,
    @JsonProperty("quantization") String quantization,
    @JsonProperty("size") Long size,
    @JsonProperty("capabilities") java.util.List<String> capabilities) {}
