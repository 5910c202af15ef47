/**
 * The composer: links WebAssembly components by WIT interface. {@link dev.wreg.composer.plug.Plugger}
 * builds a {@link dev.wreg.composer.graph.CompositionGraph} from a socket and plugs, {@link
 * dev.wreg.composer.encode.GraphEncoder} turns the graph into one component, and {@link
 * dev.wreg.composer.pipeline.ComposePipeline} validates and smoke-runs the result into a report.
 */
package dev.wreg.composer;
