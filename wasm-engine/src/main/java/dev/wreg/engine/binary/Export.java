package dev.wreg.engine.binary;

import java.util.Optional;

/**
 * An export definition ({@code export}).
 *
 * @param name the export name
 * @param item what is exported
 * @param ascribedType the optional type ascription (a supertype of the item's type)
 */
public record Export(ExternName name, SortIndex item, Optional<ExternType> ascribedType) {}
